using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Accounts;

/// <summary>
/// Embedded accounts (DESIGN §7), hosted by the query API next to the user reads: sign-up (passwords hashed by ASP.NET
/// Core Identity's <see cref="PasswordHasher{TUser}"/>), device credentials, profiles, friendships by request and
/// accept. A user manages their own; an admin anyone's. With <c>Auth:Authority</c> set, accounts live at that issuer
/// and these routes answer 404.
/// </summary>
public static partial class AccountsApi
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;
    public const int MaxNameLength = 100;
    public const int MaxDevicesPerUser = 50;

    public static RouteGroupBuilder MapAccountsApiV1(this RouteGroupBuilder v1)
    {
        v1.MapPost("/auth/token", TokenEndpoint.IssueAsync).WithName("IssueToken").WithTags("accounts").AllowAnonymous().DisableAntiforgery();
        var users = v1.MapGroup("/users").WithTags("accounts");
        users.MapPost("", SignUpAsync).WithName("SignUp").AllowAnonymous();
        users.MapPost("/{id}/devices", CreateDeviceAsync).WithName("CreateDevice").RequireAuthorization(Policies.Member);
        users.MapGet("/{id}/devices", ListDevicesAsync).WithName("ListDevices").RequireAuthorization(Policies.Member);
        users.MapDelete("/{id}/devices/{deviceId}", RevokeDeviceAsync).WithName("RevokeDevice").RequireAuthorization(Policies.Member);
        users.MapGet("/{id}/profile", GetProfileAsync).WithName("GetProfile").RequireAuthorization(Policies.Member);
        users.MapPut("/{id}/profile", PutProfileAsync).WithName("PutProfile").RequireAuthorization(Policies.Member);
        users.MapPost("/{id}/friends", RequestFriendAsync).WithName("RequestFriend").RequireAuthorization(Policies.Member);
        users.MapPost("/{id}/friends/{other}/accept", AcceptFriendAsync).WithName("AcceptFriend").RequireAuthorization(Policies.Member);
        return users;
    }

    /// <summary>POST /v1/users: 201 with the account (role athlete); 409 when the user id or email is taken.</summary>
    public static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, IAccountStore accounts, IOptions<AuthOptions> auth, TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotEmbedded(auth) is { } off)
        {
            return off;
        }
        if (ValidateSignUp(request) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserId! : request.DisplayName.Trim();
        var account = new Account(request.UserId!, request.Email!.Trim(), "", Roles.Athlete, time.GetUtcNow().ToUnixTimeMilliseconds());
        account = account with { PasswordHash = new PasswordHasher<Account>().HashPassword(account, request.Password!) };
        if (!await accounts.CreateAccountAsync(account, displayName, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "user_id or email is already taken", extensions: new Dictionary<string, object?> { ["field"] = "user_id" });
        }
        return TypedResults.Created($"/v1/users/{account.UserId}/profile",
            new AccountResponse(account.UserId, account.Email.ToLowerInvariant(), displayName, account.Role));
    }

    /// <summary>POST /v1/users/{id}/devices <c>{"name"}</c>: 201 with a device token for that user (shown once).</summary>
    public static async Task<Results<Created<DeviceCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateDeviceAsync(
        string id, DeviceRequest request, ClaimsPrincipal viewer, IAccountStore accounts, AccountTokens tokens, IOptions<AuthOptions> auth,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if ((NotEmbedded(auth) ?? NotOwner(viewer, id)) is { } denied)
        {
            return denied;
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("name", $"is required, at most {MaxNameLength} characters"));
        }
        if ((await accounts.ListDevicesAsync(id, cancellationToken)).Count(d => d.RevokedAtMs is null) >= MaxDevicesPerUser)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"at most {MaxDevicesPerUser} active devices per user: revoke one first");
        }
        var now = time.GetUtcNow();
        var device = new DeviceCredential(Guid.NewGuid().ToString("N"), id, request.Name.Trim(), now.ToUnixTimeMilliseconds(), null);
        await accounts.CreateDeviceAsync(device, cancellationToken);
        return TypedResults.Created($"/v1/users/{id}/devices/{device.DeviceId}", new DeviceCreatedResponse(
            device.DeviceId, device.Name, now, tokens.DeviceToken(id, device.DeviceId), now + AccountTokens.DeviceTokenLifetime));
    }

    public static async Task<Results<Ok<DeviceListResponse>, ProblemHttpResult>> ListDevicesAsync(
        string id, ClaimsPrincipal viewer, IAccountStore accounts, IOptions<AuthOptions> auth, CancellationToken cancellationToken)
    {
        if ((NotEmbedded(auth) ?? NotOwner(viewer, id)) is { } denied)
        {
            return denied;
        }
        var devices = await accounts.ListDevicesAsync(id, cancellationToken);
        return TypedResults.Ok(new DeviceListResponse(id, [.. devices.Select(d => new DeviceResponse(d.DeviceId, d.Name,
            DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAtMs), d.RevokedAtMs is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null))]));
    }

    /// <summary>DELETE /v1/users/{id}/devices/{device_id}: 204; its tokens are refused on every instance within 5 s.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeDeviceAsync(
        string id, string deviceId, ClaimsPrincipal viewer, IAccountStore accounts, IOptions<AuthOptions> auth, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if ((NotEmbedded(auth) ?? NotOwner(viewer, id)) is { } denied)
        {
            return denied;
        }
        return await accounts.RevokeDeviceAsync(id, deviceId, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<ProfileResponse>, NotFound, ProblemHttpResult>> GetProfileAsync(
        string id, ClaimsPrincipal viewer, IAccountStore accounts, CancellationToken cancellationToken)
    {
        if (NotOwner(viewer, id) is { } denied)
        {
            return denied;
        }
        return await accounts.GetProfileAsync(id, cancellationToken) is { } p ? TypedResults.Ok(ToResponse(p)) : TypedResults.NotFound();
    }

    /// <summary>PUT /v1/users/{id}/profile: display name, visibility (public|friends|private), country, weight, max HR.</summary>
    public static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> PutProfileAsync(
        string id, ProfileRequest request, ClaimsPrincipal viewer, IAccountStore accounts, CancellationToken cancellationToken)
    {
        if (NotOwner(viewer, id) is { } denied)
        {
            return denied;
        }
        if (ValidateProfile(request) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var current = await accounts.GetProfileAsync(id, cancellationToken);
        var profile = new AccountProfile(id, request.DisplayName?.Trim() ?? current?.DisplayName ?? id,
            request.Visibility ?? current?.Visibility ?? AccountProfile.Friends, request.Country?.ToUpperInvariant(), request.WeightKg, request.MaxHr);
        await accounts.UpsertProfileAsync(profile, cancellationToken);
        return TypedResults.Ok(ToResponse(profile));
    }

    /// <summary>POST /v1/users/{id}/friends <c>{"friend_id"}</c>: 202 requested, or 200 friends when the other had asked already.</summary>
    public static async Task<Results<Ok<FriendshipResponse>, Accepted<FriendshipResponse>, ValidationProblem, NotFound, ProblemHttpResult>> RequestFriendAsync(
        string id, FriendRequest request, ClaimsPrincipal viewer, IAccountStore accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        if (NotOwner(viewer, id) is { } denied)
        {
            return denied;
        }
        if (string.IsNullOrWhiteSpace(request.FriendId) || request.FriendId == id)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("friend_id", "is required and must be another user"));
        }
        if (await accounts.GetProfileAsync(request.FriendId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var outcome = await accounts.RequestFriendshipAsync(id, request.FriendId, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        return outcome == FriendRequestOutcome.Friends
            ? TypedResults.Ok(new FriendshipResponse(id, request.FriendId, "friends"))
            : TypedResults.Accepted((string?)null, new FriendshipResponse(id, request.FriendId, "requested"));
    }

    /// <summary>POST /v1/users/{id}/friends/{other}/accept: 200 friends; 404 when {other} asked nothing.</summary>
    public static async Task<Results<Ok<FriendshipResponse>, NotFound, ProblemHttpResult>> AcceptFriendAsync(
        string id, string other, ClaimsPrincipal viewer, IAccountStore accounts, CancellationToken cancellationToken)
    {
        if (NotOwner(viewer, id) is { } denied)
        {
            return denied;
        }
        return await accounts.AcceptFriendshipAsync(id, other, cancellationToken)
            ? TypedResults.Ok(new FriendshipResponse(id, other, "friends"))
            : TypedResults.NotFound();
    }

    public static Dictionary<string, string[]>? ValidateSignUp(SignUpRequest request)
    {
        if (request.UserId is null || !UserIdPattern().IsMatch(request.UserId))
        {
            return QueryParameters.Error("user_id", "is required: 1–64 letters, digits, '.', '_' or '-'");
        }
        if (request.Email is null || request.Email.Length > 254 || !EmailPattern().IsMatch(request.Email.Trim()))
        {
            return QueryParameters.Error("email", "is required and must be an email address");
        }
        if (request.Password is null || request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return QueryParameters.Error("password", $"is required: {MinPasswordLength} to {MaxPasswordLength} characters");
        }
        if (request.DisplayName is { Length: > MaxNameLength })
        {
            return QueryParameters.Error("display_name", $"is at most {MaxNameLength} characters");
        }
        return null;
    }

    public static Dictionary<string, string[]>? ValidateProfile(ProfileRequest request)
    {
        if (request.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
        {
            return QueryParameters.Error("display_name", $"must be 1 to {MaxNameLength} characters");
        }
        if (request.Visibility is { } visibility && !AccountProfile.Visibilities.Contains(visibility))
        {
            return QueryParameters.Error("visibility", "must be public, friends or private");
        }
        if (request.Country is { } country && !CountryPattern().IsMatch(country))
        {
            return QueryParameters.Error("country", "must be an ISO 3166 alpha-2 code");
        }
        if (request.WeightKg is { } weight && !(weight is >= 20 and <= 400))
        {
            return QueryParameters.Error("weight_kg", "must be between 20 and 400");
        }
        if (request.MaxHr is { } maxHr && maxHr is < 100 or > 250)
        {
            return QueryParameters.Error("max_hr", "must be between 100 and 250");
        }
        return null;
    }

    private static ProfileResponse ToResponse(AccountProfile p) => new(p.UserId, p.DisplayName, p.Visibility, p.Country, p.WeightKg, p.MaxHr);

    private static ProblemHttpResult? NotOwner(ClaimsPrincipal viewer, string id) =>
        viewer.UserId() == id || viewer.IsInRole(Roles.Admin)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "only the user themselves (or an admin) may do this", extensions: new Dictionary<string, object?> { ["field"] = "id" });

    internal static ProblemHttpResult? NotEmbedded(IOptions<AuthOptions> auth) =>
        auth.Value.IsEmbedded
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: "accounts are managed by the OIDC issuer (Auth:Authority); embedded accounts are off");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();
}
