namespace Splitstream.Store;

/// <summary>User profiles of the pipeline (display name, default visibility) and friendships, which privacy checks read. Accounts and credentials are <see cref="IAccountStore"/>. A write returns once its transaction committed; every write is idempotent.</summary>
public interface IUserStore
{
    Task UpsertUserAsync(UserProfile user, CancellationToken cancellationToken = default);

    Task<UserProfile?> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Friendship is mutual: stored in both directions.</summary>
    Task AddFriendshipAsync(string userId, string friendId, CancellationToken cancellationToken = default);

    Task<bool> AreFriendsAsync(string userId, string otherId, CancellationToken cancellationToken = default);
}
