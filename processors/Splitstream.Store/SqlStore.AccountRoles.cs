namespace Splitstream.Store;

/// <summary>The account roles of <see cref="IAccountRoleStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IAccountRoleStore
{
    public async Task<bool> SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE accounts SET role = @r WHERE user_id = @u", cancellationToken, ("u", userId), ("r", role)) == 1;
}
