using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;
using IdentityModelResult = Microsoft.IdentityModel.Tokens.TokenValidationResult;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// JwtBearer's token handler with a memory of the bearer tokens it has validated. A device sends a batch every few
/// seconds under one token, a browser reads with one token for its 15 minutes: the same string comes back again and
/// again, and each time the inner handler decoded it, parsed its JSON, checked the signature and built its claims (≈ 7.5
/// µs of a 220-µs ingest request of 5 samples, about a tenth of a GET activity's CPU; perf, 2026-12-03).
/// <para>
/// Only a successful validation is kept, and only until the earliest of the token's <c>exp</c> plus the clock skew
/// (judged by the same <see cref="TimeProvider"/> as the lifetime check, so a cached token expires exactly when an
/// uncached one would), <see cref="MaxAge"/> after it was validated (how long a signing key the issuer has withdrawn keeps
/// working for a token already seen; JwtBearer itself rereads an OIDC issuer's keys only every 12 hours), or eviction
/// when <c>capacity</c> tokens are held. Failures are never kept, so a bad token costs what it always did. Revocation is
/// not this handler's: JwtBearer's <c>OnTokenValidated</c> (<see cref="DeviceRevocationList"/>) runs on every request,
/// cached or not. Each request gets its own copy of the identity, so claims one request adds never reach another.
/// </para>
/// </summary>
public sealed class CachingTokenHandler(TokenHandler inner, TimeProvider time, int capacity) : TokenHandler
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, ValidatedToken> validated = new(StringComparer.Ordinal);
    private readonly Lock evicting = new();

    /// <summary>Tokens currently held (tests, diagnostics).</summary>
    public int Count => validated.Count;

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<IdentityModelResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (validated.TryGetValue(token, out var held))
        {
            if (held.IsValidAt(now))
            {
                return held.NewResult();
            }
            validated.TryRemove(KeyValuePair.Create(token, held));
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (capacity > 0 && result is { IsValid: true, SecurityToken: { } securityToken, ClaimsIdentity: { } identity }
            && securityToken.ValidTo > DateTime.MinValue)
        {
            var until = Min(securityToken.ValidTo + validationParameters.ClockSkew, now + MaxAge);
            if (validated.Count >= capacity)
            {
                Evict(now);
            }
            validated[token] = new ValidatedToken(securityToken, identity.Clone(), result.Issuer, result.TokenType, now, until);
        }
        return result;
    }

    /// <summary>Drops what has expired; when the live tokens alone fill the cache, drops them all (it refills from use).</summary>
    private void Evict(DateTime now)
    {
        lock (evicting)
        {
            if (validated.Count < capacity)
            {
                return;
            }
            foreach (var (token, held) in validated)
            {
                if (!held.IsValidAt(now))
                {
                    validated.TryRemove(KeyValuePair.Create(token, held));
                }
            }
            if (validated.Count >= capacity * 9L / 10)
            {
                validated.Clear();
            }
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
