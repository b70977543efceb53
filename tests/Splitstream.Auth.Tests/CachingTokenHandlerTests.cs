using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>
/// The memory of validated tokens changes how often a token is validated, never the answer: expiry, the five-minute
/// bound, refusals and the identity each request gets are checked against JwtBearer's own handler on a hand-moved clock.
/// </summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly CountingTokenHandler inner = new();
    private readonly TokenService tokens;
    private readonly TokenValidationParameters parameters;

    public CachingTokenHandlerTests()
    {
        tokens = new TokenService(Encoding.UTF8.GetBytes("caching-token-handler-tests-key-0123456789"), clock);
        parameters = tokens.ValidationParameters(Skew);
    }

    [Fact]
    public async Task A_token_validated_once_is_answered_from_memory_with_an_identity_of_its_own()
    {
        var handler = new CachingTokenHandler(inner, clock, capacity: 100);
        var token = tokens.Issue("ann", Roles.Device, TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, parameters);
        var second = await handler.ValidateTokenAsync(token, parameters);
        var third = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid && second.IsValid && third.IsValid);
        Assert.Equal(1, inner.Validations);
        Assert.Same(first.SecurityToken, second.SecurityToken);
        Assert.Equal(first.ClaimsIdentity.GetType(), second.ClaimsIdentity.GetType());
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(second.ClaimsIdentity));
        Assert.Equal("ann", second.ClaimsIdentity.Name);
        Assert.True(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole(Roles.Device));
        // A claim one request adds stays with that request.
        first.ClaimsIdentity.AddClaim(new Claim(TokenService.RoleClaim, Roles.Admin));
        second.ClaimsIdentity.AddClaim(new Claim("added", "by the second request"));
        Assert.Equal(Claims(second.ClaimsIdentity).Where(c => c.Type != "added"), Claims(third.ClaimsIdentity));
        Assert.False(new ClaimsPrincipal(third.ClaimsIdentity).IsInRole(Roles.Admin));
    }

    [Fact]
    public async Task A_remembered_token_is_refused_when_its_expiry_and_the_clock_skew_have_passed_as_an_unremembered_one_is()
    {
        var handler = new CachingTokenHandler(inner, clock, capacity: 100);
        var token = tokens.Issue("ann", Roles.Device, TimeSpan.FromMinutes(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        clock.Advance(TimeSpan.FromMinutes(1) + Skew - TimeSpan.FromSeconds(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(1, inner.Validations);

        clock.Advance(TimeSpan.FromSeconds(2));
        var late = await handler.ValidateTokenAsync(token, parameters);
        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
        Assert.Equal(2, inner.Validations);
        Assert.Equal(0, handler.Count);
    }

    [Theory]
    [InlineData(4, 59, true, 1)]
    [InlineData(5, 0, true, 2)]
    [InlineData(-1, 0, false, 2)] // before its nbf (issued "now") by more than the skew: refused, as it would be unremembered
    public async Task A_remembered_token_is_validated_again_five_minutes_after_or_when_the_clock_goes_back(int minutes, int seconds, bool valid, int validations)
    {
        var handler = new CachingTokenHandler(inner, clock, capacity: 100);
        var token = tokens.Issue("ann", Roles.Device, TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        clock.Advance(new TimeSpan(0, minutes, seconds));

        Assert.Equal(valid, (await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(validations, inner.Validations);
    }

    [Theory]
    [InlineData("wrong key")]
    [InlineData("not yet valid")]
    [InlineData("tampered payload")]
    public async Task A_refused_token_is_never_remembered(string kind)
    {
        var handler = new CachingTokenHandler(inner, clock, capacity: 100);
        var good = tokens.Issue("ann", Roles.Device, TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(good, parameters)).IsValid);
        var token = kind switch
        {
            "wrong key" => new TokenService(Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef"), clock).Issue("ann", Roles.Admin, TimeSpan.FromHours(1)),
            "not yet valid" => NotYetValid(),
            "tampered payload" => Tampered(good),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        Assert.False((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(3, inner.Validations);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    public async Task The_memory_never_holds_more_tokens_than_its_capacity(int capacity, int mostHeld)
    {
        var handler = new CachingTokenHandler(inner, clock, capacity);
        var held = 0;
        for (var i = 0; i < 10; i++)
        {
            var token = tokens.Issue($"user-{i}", Roles.Device, TimeSpan.FromHours(1));
            Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
            Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
            held = Math.Max(held, handler.Count);
        }
        Assert.Equal(mostHeld, held);
        Assert.Equal(capacity == 0 ? 20 : 10, inner.Validations);
    }

    private string NotYetValid()
    {
        var later = new TokenService(Encoding.UTF8.GetBytes("caching-token-handler-tests-key-0123456789"), new ManualClock(clock.GetUtcNow().AddHours(1)));
        return later.Issue("ann", Roles.Device, TimeSpan.FromHours(1));
    }

    /// <summary>The same header and signature over a payload that says admin: the signature no longer matches.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(Roles.Device, Roles.Admin);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static List<(string Type, string Value)> Claims(ClaimsIdentity identity) =>
        identity.Claims.Select(c => (c.Type, c.Value)).OrderBy(c => c.Type, StringComparer.Ordinal).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
}
