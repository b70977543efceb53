namespace Splitstream.Store;

/// <summary>
/// Embedded-mode accounts (DESIGN §7, migration 7): accounts with password hashes, rotated refresh tokens (hashed),
/// device credentials and their revocation, profiles, friendship requests.
/// </summary>
public interface IAccountStore
{
    /// <summary>False when the user id or the email is taken.</summary>
    Task<bool> CreateAccountAsync(Account account, string displayName, CancellationToken cancellationToken = default);

    /// <summary>By user id, or by email (case-insensitive).</summary>
    Task<Account?> FindAccountAsync(string login, CancellationToken cancellationToken = default);

    Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken = default);

    Task SaveRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>Removes and returns the token if it was stored; of two concurrent uses exactly one gets it.</summary>
    Task<RefreshTokenRecord?> ConsumeRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken = default);

    Task CreateDeviceAsync(DeviceCredential device, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeviceCredential>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>False when the user has no such device; revoking twice keeps the first time.</summary>
    Task<bool> RevokeDeviceAsync(string userId, string deviceId, long revokedAtMs, CancellationToken cancellationToken = default);

    Task<IReadOnlyCollection<string>> ListRevokedDeviceIdsAsync(CancellationToken cancellationToken = default);

    Task<AccountProfile?> GetProfileAsync(string userId, CancellationToken cancellationToken = default);

    Task UpsertProfileAsync(AccountProfile profile, CancellationToken cancellationToken = default);

    /// <summary>A request from <paramref name="userId"/> to <paramref name="friendId"/>; if the other asked first, they become friends.</summary>
    Task<FriendRequestOutcome> RequestFriendshipAsync(string userId, string friendId, long atMs, CancellationToken cancellationToken = default);

    /// <summary>Accepts <paramref name="requesterId"/>'s pending request to <paramref name="userId"/>; false when there is none.</summary>
    Task<bool> AcceptFriendshipAsync(string userId, string requesterId, CancellationToken cancellationToken = default);
}
