using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>
/// Tokens are validated by JwtBearer (DESIGN §7) against a production-style OIDC issuer (discovery + JWKS served by a
/// test server on loopback) and against the embedded issuer: iss, aud, exp, nbf, the key and the algorithm all count.
/// </summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private const string ReadPath = "/v1/users/u1/activities";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));
    private TestOidcIssuer oidc = null!;
    private ServiceHost embedded = null!;
    private ServiceHost federated = null!;

    public async Task InitializeAsync()
    {
        oidc = await TestOidcIssuer.StartAsync();
        embedded = await ServiceHost.StartQueryAsync(null, ServiceHost.Embedded(Path.Combine(directory, "embedded.db")));
        federated = await ServiceHost.StartQueryAsync(null, new Dictionary<string, string?>
        {
            ["Auth:Authority"] = oidc.Authority,
            ["Auth:Audience"] = TestOidcIssuer.Audience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Store:SqlitePath"] = Path.Combine(directory, "federated.db"),
        });
    }

    public async Task DisposeAsync()
    {
        await federated.DisposeAsync();
        await embedded.DisposeAsync();
        await oidc.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("valid", HttpStatusCode.OK, null)]
    [InlineData("wrong key", HttpStatusCode.Unauthorized, "invalid signature")]
    [InlineData("empty key", HttpStatusCode.Unauthorized, "invalid signature")]
    [InlineData("alg none", HttpStatusCode.Unauthorized, "invalid")]
    [InlineData("alg HS512", HttpStatusCode.Unauthorized, "invalid")]
    [InlineData("expired", HttpStatusCode.Unauthorized, "token expired")]
    [InlineData("not yet valid", HttpStatusCode.Unauthorized, "token not yet valid")]
    [InlineData("wrong audience", HttpStatusCode.Unauthorized, "wrong audience")]
    [InlineData("wrong issuer", HttpStatusCode.Unauthorized, "wrong issuer")]
    public async Task The_embedded_issuer_accepts_only_its_own_current_tokens_for_its_audience(string kind, HttpStatusCode expected, string? reason)
    {
        var tokens = embedded.Tokens;
        var key = Encoding.UTF8.GetBytes(ServiceHost.SigningKey);
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "valid" => tokens.Issue("u1", Roles.Athlete, TimeSpan.FromHours(1)),
            "wrong key" => new TokenService(Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef")).Issue("u1", Roles.Admin, TimeSpan.FromHours(1)),
            "empty key" => Signed("HS256", Claims(tokens.Issuer, tokens.Audience, Roles.Admin), []),
            "alg none" => Unsigned(Claims(tokens.Issuer, tokens.Audience, Roles.Admin)),
            "alg HS512" => Signed("HS512", Claims(tokens.Issuer, tokens.Audience, Roles.Admin), key),
            "expired" => tokens.Issue("u1", Roles.Athlete, TimeSpan.FromMinutes(-10)),
            "not yet valid" => Create(tokens.Issuer, tokens.Audience, now.AddHours(1), now.AddHours(2), new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            "wrong audience" => new TokenService(key, audience: "another-api").Issue("u1", Roles.Athlete, TimeSpan.FromHours(1)),
            "wrong issuer" => new TokenService(key, issuer: "https://elsewhere.example").Issue("u1", Roles.Athlete, TimeSpan.FromHours(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AssertAnswerAsync(embedded, token, expected, reason);
    }

    [Theory]
    [InlineData("valid", HttpStatusCode.OK, null)]
    [InlineData("wrong key", HttpStatusCode.Unauthorized, "invalid signature")]
    [InlineData("alg none", HttpStatusCode.Unauthorized, "invalid")]
    [InlineData("expired", HttpStatusCode.Unauthorized, "token expired")]
    [InlineData("not yet valid", HttpStatusCode.Unauthorized, "token not yet valid")]
    [InlineData("wrong audience", HttpStatusCode.Unauthorized, "wrong audience")]
    [InlineData("wrong issuer", HttpStatusCode.Unauthorized, "wrong issuer")]
    [InlineData("embedded token", HttpStatusCode.Unauthorized, "invalid")]
    public async Task An_oidc_issuer_is_trusted_through_its_discovery_document_and_jwks(string kind, HttpStatusCode expected, string? reason)
    {
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "valid" => oidc.Mint("u1", Roles.Athlete),
            "wrong key" => oidc.Mint("u1", Roles.Admin, signingKey: oidc.UnpublishedKey),
            "alg none" => Unsigned(Claims(oidc.Authority, TestOidcIssuer.Audience, Roles.Admin)),
            "expired" => oidc.Mint("u1", Roles.Athlete, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)),
            "not yet valid" => oidc.Mint("u1", Roles.Athlete, notBefore: now.AddHours(1), expires: now.AddHours(2)),
            "wrong audience" => oidc.Mint("u1", Roles.Athlete, audience: "another-api"),
            "wrong issuer" => oidc.Mint("u1", Roles.Athlete, issuer: "https://elsewhere.example"),
            "embedded token" => embedded.Tokens.Issue("u1", Roles.Admin, TimeSpan.FromHours(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AssertAnswerAsync(federated, token, expected, reason);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public async Task A_configured_signing_key_under_256_bits_refuses_to_start_with_a_one_line_error(string key)
    {
        var settings = ServiceHost.Embedded(Path.Combine(directory, "short.db"));
        settings["Auth:SigningKey"] = key;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartQueryAsync(null, settings));

        Assert.Contains($"{Encoding.UTF8.GetByteCount(key) * 8} bits; at least 256 are required", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_query_string_token_is_read_for_event_streams_only()
    {
        var token = embedded.Tokens.Issue("u1", Roles.Athlete, TimeSpan.FromHours(1));
        using var http = embedded.Client();

        var plain = await http.GetAsync($"{ReadPath}?access_token={token}");
        using var stream = new HttpRequestMessage(HttpMethod.Get, $"/v1/races/r1/live?access_token={token}");
        stream.Headers.Accept.ParseAdd("text/event-stream");
        using var live = await http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, live.StatusCode);
    }

    private static async Task AssertAnswerAsync(ServiceHost host, string token, HttpStatusCode expected, string? reason)
    {
        using var http = host.Client(token);
        var response = await http.GetAsync(ReadPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        if (reason is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
    }

    private static string Claims(string issuer, string audience, string role)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = "u1", ["role"] = role, ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        });
    }

    private static string Unsigned(string payload) =>
        Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + ".";

    private static string Signed(string alg, string payload, byte[] key)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","typ":"JWT"}""")) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg == "HS512" ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private static string Create(string issuer, string audience, DateTime notBefore, DateTime expires, SecurityKey key, string algorithm) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "u1", ["role"] = Roles.Athlete },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
}
