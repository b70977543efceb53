namespace Splitstream.Store;

/// <summary>An account's role, changed by an admin (DESIGN §7: organisers are made, not self-declared).</summary>
public interface IAccountRoleStore
{
    /// <summary>Sets the role tokens are issued with from now on; false when there is no such account.</summary>
    Task<bool> SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default);
}
