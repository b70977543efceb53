using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// JwtBearer for DESIGN §7: an OIDC authority's discovery document and JWKS in production, the embedded issuer's key
/// otherwise; <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c> checked, unsigned tokens refused, claims kept as the token
/// names them (<c>sub</c>, <c>role</c>). Revoked device credentials fail validation; failures answer 401 problem+json.
/// A token validated once is remembered until its expiry or five minutes (<see cref="CachingTokenHandler"/>).
/// </summary>
public sealed class ConfigureJwtBearer(IOptions<AuthOptions> auth, IServiceProvider services) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var settings = auth.Value;
        var skew = TimeSpan.FromSeconds(settings.ClockSkewSeconds);
        options.MapInboundClaims = false;
        TimeProvider clock;
        if (settings.IsEmbedded)
        {
            var tokens = services.GetRequiredService<TokenService>();
            clock = tokens.Time;
            options.TokenValidationParameters = tokens.ValidationParameters(skew, settings.RoleClaim);
        }
        else
        {
            clock = services.GetRequiredService<TimeProvider>();
            options.Authority = settings.Authority;
            options.Audience = settings.Audience;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            var parameters = TokenService.StandardChecks(clock, skew, settings.RoleClaim);
            parameters.ValidAudience = settings.Audience;
            options.TokenValidationParameters = parameters;
        }
        // The same clock as the lifetime check's, so a remembered token expires when an unremembered one would.
        var handlers = options.TokenHandlers.ToList();
        options.TokenHandlers.Clear();
        foreach (var handler in handlers)
        {
            options.TokenHandlers.Add(new CachingTokenHandler(handler, clock, settings.ValidatedTokenCacheSize));
        }
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = ReadQueryTokenForStreams,
            OnTokenValidated = RefuseRevokedDevicesAsync,
            OnChallenge = WriteChallengeAsync,
        };
    }

    /// <summary>Browsers' WebSocket and EventSource cannot set headers: <c>?access_token=</c> is read for those requests only.</summary>
    private static Task ReadQueryTokenForStreams(MessageReceivedContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Headers.Authorization) && IsStreamRequest(request) && request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
        {
            context.Token = token;
        }
        return Task.CompletedTask;
    }

    public static bool IsStreamRequest(HttpRequest request) =>
        request.HttpContext.WebSockets.IsWebSocketRequest
        || request.Headers.Upgrade.Any(u => string.Equals(u, "websocket", StringComparison.OrdinalIgnoreCase))
        || request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task RefuseRevokedDevicesAsync(TokenValidatedContext context)
    {
        if (context.Principal?.DeviceId() is not { } deviceId)
        {
            return;
        }
        var revocations = context.HttpContext.RequestServices.GetService<DeviceRevocationList>();
        // A device credential where no revocation list is wired cannot be checked: refuse it rather than trust it.
        if (revocations is null || await revocations.IsRevokedAsync(deviceId, context.HttpContext.RequestAborted))
        {
            context.Fail(new SecurityTokenRevokedException("token revoked"));
        }
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Unauthorized",
            detail: failure is null ? "a bearer token is required" : "invalid token: " + TokenService.Describe(failure),
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["field"] = "Authorization" }).ExecuteAsync(context.HttpContext);
    }
}
