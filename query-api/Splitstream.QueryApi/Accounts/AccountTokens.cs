using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Accounts;

/// <summary>
/// Tokens for embedded accounts: short-lived access tokens from the embedded issuer, opaque refresh tokens (256 random
/// bits; only their SHA-256 is stored; each use replaces it) and long-lived device tokens tied to a device credential.
/// </summary>
public sealed class AccountTokens(TokenService tokens, IAccountStore accounts, IOptions<AuthOptions> options, TimeProvider time)
{
    public static readonly TimeSpan DeviceTokenLifetime = TimeSpan.FromDays(365);

    public async Task<TokenResponse> IssueAsync(Account account, CancellationToken cancellationToken)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.AccessTokenMinutes);
        var refresh = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expires = time.GetUtcNow() + TimeSpan.FromDays(options.Value.RefreshTokenDays);
        await accounts.SaveRefreshTokenAsync(new RefreshTokenRecord(Hash(refresh), account.UserId, expires.ToUnixTimeMilliseconds()), cancellationToken);
        return new TokenResponse(tokens.Issue(account.UserId, account.Role, lifetime), "Bearer", (int)lifetime.TotalSeconds, refresh);
    }

    /// <summary>The account of a refresh token, which is used up by this call; null when unknown, used or expired.</summary>
    public async Task<Account?> RedeemAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var stored = await accounts.ConsumeRefreshTokenAsync(Hash(refreshToken), cancellationToken);
        if (stored is null || stored.ExpiresAtMs <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return null;
        }
        return await accounts.FindAccountAsync(stored.UserId, cancellationToken) is { } account && account.UserId == stored.UserId ? account : null;
    }

    public string DeviceToken(string userId, string deviceId) =>
        tokens.Issue(userId, Roles.Device, DeviceTokenLifetime, new Dictionary<string, object> { [TokenService.DeviceIdClaim] = deviceId });

    public static string Hash(string refreshToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
