using System.Data.Common;

namespace Splitstream.Store;

/// <summary>The accounts of <see cref="IAccountStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IAccountStore
{
    public async Task<bool> CreateAccountAsync(Account account, string displayName, CancellationToken cancellationToken = default) =>
        await InWriteTransactionAsync(async (connection, transaction) =>
        {
            // ON CONFLICT DO NOTHING covers both unique keys (user id, email) in one statement, in both dialects.
            var created = await ExecuteAsync(connection, transaction, """
                INSERT INTO accounts (user_id, email, password_hash, role, created_at_ms) VALUES (@u, @e, @h, @r, @t)
                ON CONFLICT DO NOTHING
                """, ("u", account.UserId), ("e", account.Email.ToLowerInvariant()), ("h", account.PasswordHash), ("r", account.Role),
                ("t", account.CreatedAtMs)) == 1;
            if (created)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO users (user_id, display_name, public_activities) VALUES (@u, @n, @p)
                    ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name
                    """, ("u", account.UserId), ("n", displayName), ("p", false));
            }
            return created;
        }, cancellationToken);

    public async Task<Account?> FindAccountAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT user_id, email, password_hash, role, created_at_ms FROM accounts WHERE user_id = @l OR email = @e
            ORDER BY CASE WHEN user_id = @l THEN 0 ELSE 1 END
            """, ("l", login), ("e", login.ToLowerInvariant()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Account(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4))
            : null;
    }

    public async Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE accounts SET password_hash = @h WHERE user_id = @u", cancellationToken, ("u", userId), ("h", passwordHash));

    public async Task SaveRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("INSERT INTO refresh_tokens (token_hash, user_id, expires_at_ms) VALUES (@h, @u, @x)",
            cancellationToken, ("h", token.TokenHash), ("u", token.UserId), ("x", token.ExpiresAtMs));

    public async Task<RefreshTokenRecord?> ConsumeRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        await InWriteTransactionAsync(async (connection, transaction) =>
        {
            RefreshTokenRecord? found = null;
            await using (var select = Command(connection, "SELECT user_id, expires_at_ms FROM refresh_tokens WHERE token_hash = @h", ("h", tokenHash)))
            {
                select.Transaction = transaction;
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    found = new RefreshTokenRecord(tokenHash, reader.GetString(0), reader.GetInt64(1));
                }
            }
            // The delete decides: of two concurrent uses of one token, only the one that deleted the row gets it.
            return found is not null && await ExecuteAsync(connection, transaction, "DELETE FROM refresh_tokens WHERE token_hash = @h", ("h", tokenHash)) == 1
                ? found
                : null;
        }, cancellationToken);

    public async Task CreateDeviceAsync(DeviceCredential device, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("INSERT INTO device_credentials (device_id, user_id, name, created_at_ms) VALUES (@d, @u, @n, @t)",
            cancellationToken, ("d", device.DeviceId), ("u", device.UserId), ("n", device.Name), ("t", device.CreatedAtMs));

    public async Task<IReadOnlyList<DeviceCredential>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT device_id, name, created_at_ms, revoked_at_ms FROM device_credentials WHERE user_id = @u ORDER BY created_at_ms, device_id
            """, ("u", userId));
        var devices = new List<DeviceCredential>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            devices.Add(new DeviceCredential(reader.GetString(0), userId, reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }
        return devices;
    }

    public async Task<bool> RevokeDeviceAsync(string userId, string deviceId, long revokedAtMs, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("""
            UPDATE device_credentials SET revoked_at_ms = COALESCE(revoked_at_ms, @t) WHERE user_id = @u AND device_id = @d
            """, cancellationToken, ("u", userId), ("d", deviceId), ("t", revokedAtMs)) > 0;

    public async Task<IReadOnlyCollection<string>> ListRevokedDeviceIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT device_id FROM device_credentials WHERE revoked_at_ms IS NOT NULL");
        var revoked = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            revoked.Add(reader.GetString(0));
        }
        return revoked;
    }

    public async Task<AccountProfile?> GetProfileAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT display_name, visibility, country, weight_kg, max_hr FROM users WHERE user_id = @u", ("u", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AccountProfile(userId, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetInt32(4))
            : null;
    }

    public async Task UpsertProfileAsync(AccountProfile profile, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("""
            INSERT INTO users (user_id, display_name, public_activities, visibility, country, weight_kg, max_hr)
            VALUES (@u, @n, @p, @v, @c, @w, @h)
            ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, public_activities = excluded.public_activities,
                visibility = excluded.visibility, country = excluded.country, weight_kg = excluded.weight_kg, max_hr = excluded.max_hr
            """, cancellationToken, ("u", profile.UserId), ("n", profile.DisplayName), ("p", profile.Visibility == AccountProfile.Public),
            ("v", profile.Visibility), ("c", profile.Country), ("w", profile.WeightKg), ("h", profile.MaxHr));

    public async Task<FriendRequestOutcome> RequestFriendshipAsync(string userId, string friendId, long atMs, CancellationToken cancellationToken = default) =>
        await InWriteTransactionAsync(async (connection, transaction) =>
        {
            var alreadyFriends = await ScalarAsync(connection, transaction,
                "SELECT 1 FROM friendships WHERE user_id = @a AND friend_id = @b", ("a", userId), ("b", friendId)) is not null;
            if (alreadyFriends)
            {
                return FriendRequestOutcome.Friends;
            }
            if (await ExecuteAsync(connection, transaction, "DELETE FROM friend_requests WHERE user_id = @b AND friend_id = @a",
                ("a", userId), ("b", friendId)) == 1)
            {
                await BefriendAsync(connection, transaction, userId, friendId);
                return FriendRequestOutcome.Friends;
            }
            await ExecuteAsync(connection, transaction, """
                INSERT INTO friend_requests (user_id, friend_id, created_at_ms) VALUES (@a, @b, @t) ON CONFLICT DO NOTHING
                """, ("a", userId), ("b", friendId), ("t", atMs));
            return FriendRequestOutcome.Requested;
        }, cancellationToken);

    public async Task<bool> AcceptFriendshipAsync(string userId, string requesterId, CancellationToken cancellationToken = default) =>
        await InWriteTransactionAsync(async (connection, transaction) =>
        {
            if (await ExecuteAsync(connection, transaction, "DELETE FROM friend_requests WHERE user_id = @r AND friend_id = @u",
                ("r", requesterId), ("u", userId)) != 1)
            {
                return false;
            }
            await BefriendAsync(connection, transaction, userId, requesterId);
            return true;
        }, cancellationToken);

    private static Task<int> BefriendAsync(DbConnection connection, DbTransaction transaction, string a, string b) =>
        ExecuteAsync(connection, transaction, "INSERT INTO friendships (user_id, friend_id) VALUES (@a, @b), (@b, @a) ON CONFLICT DO NOTHING",
            ("a", a), ("b", b));

    private async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync();
    }
}
