namespace Splitstream.Store;

/// <summary>User profiles of the pipeline (display name, default visibility) and friendships, which privacy checks read. Accounts and credentials are <see cref="IAccountStore"/>. A write returns once its transaction committed; every write is idempotent.</summary>
public interface IUserStore
{
    Task UpsertUserAsync(UserProfile user, CancellationToken cancellationToken = default);

    Task<UserProfile?> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Friendship is mutual: stored in both directions.</summary>
    Task AddFriendshipAsync(string userId, string friendId, CancellationToken cancellationToken = default);

    Task<bool> AreFriendsAsync(string userId, string otherId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="ownerId"/>'s profile is private (DESIGN §7; no profile is not private) and whether
    /// <paramref name="viewerId"/> is their friend, in one query: what every privacy-checked read of an owner asks.
    /// </summary>
    Task<(bool OwnerIsPrivate, bool ViewerIsFriend)> GetViewerStandingAsync(string viewerId, string ownerId, CancellationToken cancellationToken = default);
}
