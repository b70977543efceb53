using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splitstream.Auth.Tests;

/// <summary>
/// A stand-in OIDC provider on loopback: its discovery document at <c>/.well-known/openid-configuration</c> and its
/// RS256 public key at <c>/jwks</c>, exactly what JwtBearer fetches from Keycloak, Entra ID or Auth0. It mints tokens
/// with its private key (or with a key it does not publish, for the wrong-key case).
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    public const string Audience = "splitstream-api";
    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    private TestOidcIssuer(WebApplication app, string authority)
    {
        this.app = app;
        Authority = authority;
    }

    public string Authority { get; }

    /// <summary>A key of the same kid that the JWKS does not hold.</summary>
    public RsaSecurityKey UnpublishedKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    public RsaSecurityKey Key => key;

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestOidcIssuer? issuer = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer!.Authority,
            ["jwks_uri"] = issuer.Authority + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer!.key.Rsa.ExportParameters(false)) { KeyId = issuer.key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        issuer = new TestOidcIssuer(app, app.Urls.First().TrimEnd('/'));
        return issuer;
    }

    public string Mint(string subject, string role, string? issuer = null, string audience = Audience, DateTime? notBefore = null,
        DateTime? expires = null, SecurityKey? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var nbf = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = nbf,
            NotBefore = nbf,
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role },
            SigningCredentials = new SigningCredentials(signingKey ?? key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
