using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Splitstream.ServiceDefaults;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> with <see cref="TokenService"/>; failures answer 401 problem+json.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string RoleClaim = "role";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // Browsers' EventSource and WebSocket cannot set headers: allow ?access_token= as the fallback they need.
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : Request.Query["access_token"].FirstOrDefault();
        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var result = tokens.Validate(token);
        if (!result.IsValid)
        {
            return Task.FromResult(AuthenticateResult.Fail(result.Error!));
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, result.Subject!), new Claim(RoleClaim, result.Role!), new Claim(ClaimTypes.Role, result.Role!)],
            SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Unauthorized",
            detail: failure is null ? "a bearer token is required" : "invalid token: " + failure,
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["field"] = "Authorization" }).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: "Forbidden", detail: "this token's role may not do this",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }
}
