using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Accounts;

/// <summary>
/// POST /v1/auth/token (RFC 6749 §4.3 and §6): <c>grant_type=password</c> with <c>username</c> (user id or email) and
/// <c>password</c>, or <c>grant_type=refresh_token</c> with <c>refresh_token</c>; as a form or as JSON. Answers
/// <c>{"access_token","token_type","expires_in","refresh_token"}</c>; a refresh token works once (rotated).
/// Bad credentials are 400 <c>invalid_grant</c>, the same for an unknown user and a wrong password. Password grants
/// are limited per client address and per username (<see cref="PasswordGrantLimiter"/>): beyond it, 429 problem+json
/// with <c>Retry-After</c>, before any password is checked.
/// </summary>
public static class TokenEndpoint
{
    private const int MaxBodyBytes = 8 * 1024;

    // Verified against when the user is unknown, so both failures take as long (no user enumeration by timing).
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<Account>().HashPassword(null!, "not-a-password"));

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, IAccountStore accounts, AccountTokens tokens, PasswordGrantLimiter limiter, IOptions<AuthOptions> auth,
        CancellationToken cancellationToken)
    {
        if (AccountsApi.NotEmbedded(auth) is { } off)
        {
            return off;
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"a token request is at most {MaxBodyBytes} bytes");
        }
        var fields = await ReadFieldsAsync(request, cancellationToken);
        if (fields is null)
        {
            return InvalidRequest("body", "send a form (application/x-www-form-urlencoded) or a JSON object of strings");
        }
        var grant = fields.GetValueOrDefault("grant_type");
        Account? account;
        switch (grant)
        {
            case "password":
                if (fields.GetValueOrDefault("username") is not { Length: > 0 } login)
                {
                    return InvalidRequest("username", "is required");
                }
                if (fields.GetValueOrDefault("password") is not { Length: > 0 and <= AccountsApi.MaxPasswordLength } password)
                {
                    return InvalidRequest("password", "is required");
                }
                if (!limiter.TryAcquire(request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", login))
                {
                    request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(limiter.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many password attempts",
                        detail: "too many password grants from this client or for this user; try again later",
                        extensions: new Dictionary<string, object?> { ["error"] = "slow_down", ["field"] = "password" });
                }
                account = await VerifyAsync(accounts, login, password, cancellationToken);
                break;
            case "refresh_token":
                if (fields.GetValueOrDefault("refresh_token") is not { Length: > 0 and < 200 } refresh)
                {
                    return InvalidRequest("refresh_token", "is required");
                }
                account = await tokens.RedeemAsync(refresh, cancellationToken);
                break;
            default:
                return InvalidRequest("grant_type", "must be password or refresh_token", "unsupported_grant_type");
        }
        if (account is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid grant",
                detail: grant == "password" ? "unknown user or wrong password" : "the refresh token is unknown, used or expired",
                extensions: new Dictionary<string, object?> { ["error"] = "invalid_grant", ["field"] = grant == "password" ? "password" : "refresh_token" });
        }
        return TypedResults.Ok(await tokens.IssueAsync(account, cancellationToken));
    }

    private static async Task<Account?> VerifyAsync(IAccountStore accounts, string login, string password, CancellationToken cancellationToken)
    {
        var hasher = new PasswordHasher<Account>();
        var account = await accounts.FindAccountAsync(login, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return null;
        }
        switch (hasher.VerifyHashedPassword(account, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
                await accounts.UpdatePasswordHashAsync(account.UserId, hasher.HashPassword(account, password), cancellationToken);
                return account;
            default:
                return null;
        }
    }

    /// <summary>The request's fields from a form or a flat JSON object; null when it is neither.</summary>
    private static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 2 }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Value.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProblemHttpResult InvalidRequest(string field, string message, string error = "invalid_request") =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid token request", detail: $"{field} {message}",
            extensions: new Dictionary<string, object?> { ["error"] = error, ["field"] = field });
}
