using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>User, role, friendship, visibility and goal management for tokens with role <c>admin</c>; enough until a profile service exists.</summary>
public static class AdminApi
{
    public const string PolicyName = Policies.Admin;

    public static RouteGroupBuilder MapAdminApiV1(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin").WithTags("admin").RequireAuthorization(PolicyName);
        admin.MapPost("/users", PutUser).WithName("AdminPutUser");
        admin.MapPost("/friendships", AddFriendship).WithName("AdminAddFriendship");
        admin.MapPut("/activities/{id}/visibility", SetVisibility).WithName("AdminSetActivityVisibility");
        admin.MapPost("/goals", PutGoal).WithName("AdminPutGoal");
        admin.MapPut("/users/{id}/role", SetRoleAsync).WithName("AdminSetRole");
        return admin;
    }

    public static async Task<Results<Ok<UserProfile>, ValidationProblem>> PutUser(UserRequest request, IUserStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("user_id", "is required"));
        }
        var profile = new UserProfile(request.UserId, request.DisplayName ?? "", request.PublicActivities);
        await store.UpsertUserAsync(profile, cancellationToken);
        return TypedResults.Ok(profile);
    }

    public static async Task<Results<NoContent, ValidationProblem>> AddFriendship(
        FriendshipRequest request, IUserStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("user_id", "is required"));
        }
        if (string.IsNullOrWhiteSpace(request.FriendId) || request.FriendId == request.UserId)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("friend_id", "is required and must differ from user_id"));
        }
        await store.AddFriendshipAsync(request.UserId, request.FriendId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// PUT /v1/admin/users/{id}/role <c>{"role"}</c>: an admin grants a role to an embedded account (organiser, to
    /// create races). Tokens issued from now on carry it (the next password or refresh grant); tokens already out keep
    /// theirs until they expire. <c>device</c> is not a person's role: device tokens come from device credentials.
    /// </summary>
    public static async Task<Results<Ok<RoleResponse>, ValidationProblem, NotFound, ProblemHttpResult>> SetRoleAsync(
        string id, RoleRequest request, IAccountRoleStore roles, Microsoft.Extensions.Options.IOptions<AuthOptions> auth, CancellationToken cancellationToken)
    {
        if (Accounts.AccountsApi.NotEmbedded(auth) is { } off)
        {
            return off;
        }
        if (request.Role is not (Roles.Athlete or Roles.Organiser or Roles.Analyst or Roles.Admin))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("role", "must be athlete, organiser, analyst or admin"));
        }
        return await roles.SetRoleAsync(id, request.Role, cancellationToken)
            ? TypedResults.Ok(new RoleResponse(id, request.Role))
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound>> SetVisibility(
        string id, VisibilityRequest request, IActivityStore store, CancellationToken cancellationToken) =>
        await store.SetActivityVisibilityAsync(id, request.Public, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<Goal>, ValidationProblem>> PutGoal(GoalRequest request, IGoalStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("user_id", "is required"));
        }
        if (request.Period is not ("week" or "year"))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("period", "must be week or year"));
        }
        if (!(request.TargetDistanceM > 0) || double.IsInfinity(request.TargetDistanceM))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("target_distance_m", "must be a positive number"));
        }
        var goal = new Goal(request.UserId, request.Sport, request.Period, request.TargetDistanceM);
        await store.UpsertGoalAsync(goal, cancellationToken);
        return TypedResults.Ok(goal);
    }
}
