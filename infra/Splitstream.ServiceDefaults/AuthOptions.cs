namespace Splitstream.ServiceDefaults;

/// <summary>
/// The <c>Auth</c> section (DESIGN §7). With <see cref="Authority"/> set, tokens come from that OIDC issuer (keys from
/// its discovery document and JWKS) for <see cref="Audience"/>. Without it Splitstream is its own issuer: HS256 with
/// <see cref="SigningKey"/>, or the key in <see cref="SigningKeyFile"/> (generated on first use), at least 256 bits.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string EmbeddedIssuer = "splitstream-embedded";
    public const string DefaultAudience = "splitstream";

    /// <summary>An OIDC issuer (Keycloak realm, Entra ID tenant, Auth0 domain); empty means embedded mode.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>The <c>iss</c> of embedded-mode tokens.</summary>
    public string Issuer { get; set; } = EmbeddedIssuer;

    public string SigningKey { get; set; } = "";

    public string SigningKeyFile { get; set; } = ".data/dev-signing-key";

    /// <summary>The claim that carries roles (a string or an array). Keycloak or Entra ID deployments map theirs to it, or set this.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Discovery over plain HTTP is refused unless this is false (loopback test issuers, development).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference for <c>exp</c>/<c>nbf</c>.</summary>
    public int ClockSkewSeconds { get; set; } = 5;

    /// <summary>Lifetime of access tokens from <c>POST /v1/auth/token</c>.</summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>Lifetime of refresh tokens; each use rotates it.</summary>
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>How old the cached list of revoked device credentials may get before a device token forces a reload (at most 5 s).</summary>
    public double RevocationRefreshSeconds { get; set; } = 2;

    /// <summary>
    /// How many validated bearer tokens each process remembers (<see cref="CachingTokenHandler"/>: until the token's
    /// expiry, at most 5 minutes); 0 validates every request's token from scratch.
    /// </summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Authority);
}
