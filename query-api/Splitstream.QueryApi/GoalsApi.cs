using System.Security.Claims;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas;
using Splitstream.Schemas.Sports;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// An athlete's goals per week or year: distance, frequency (N activities of a sport), duration (moving time) and
/// volume (kg lifted in strength sessions). Any registered sport (DESIGN §10).
/// Only the user themselves may set or delete their goals (403 otherwise). A change is saved in the store, then the
/// user's whole goal set is published to goals.v1 for the goals topology; the request answers after Kafka acknowledged
/// it, or 503 with Retry-After (the store already has the change, and repeating the request re-publishes it). Goals and
/// their progress for the current period are readable by the user, their friends, and anyone when the user shares
/// activities publicly; to anyone else the user's goals don't exist (404, like a missing user).
/// </summary>
public static class GoalsApi
{
    public const int MaxTargetCount = 100;
    public const double MaxTargetDistanceM = 100_000_000;
    /// <summary>A year of moving time: no target beyond it can be met.</summary>
    public const double MaxTargetDurationS = 366 * 86_400;
    public const double MaxTargetVolumeKg = 100_000_000;

    public static RouteGroupBuilder MapGoalsApiV1(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("goals");
        users.MapGet("/{user}/goals", GetGoals).WithName("GetUserGoals").RequireAuthorization(Policies.Read);
        users.MapPut("/{user}/goals", SetGoal).WithName("PutUserGoal").RequireAuthorization(Policies.Member);
        users.MapPost("/{user}/goals", SetGoal).WithName("PostUserGoal").RequireAuthorization(Policies.Member);
        users.MapDelete("/{user}/goals/{goalId}", DeleteGoal).WithName("DeleteUserGoal").RequireAuthorization(Policies.Member);
        return users;
    }

    public static async Task<Results<Ok<GoalResponse>, ValidationProblem, ProblemHttpResult>> SetGoal(
        string user, SetGoalRequest request, ClaimsPrincipal viewer, IGoalStore store, GoalPublisher publisher, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (viewer.UserId() != user)
        {
            return Forbidden();
        }
        if (Validate(request) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        SportRegistry.TryGet(request.Sport, out var sport);
        var kind = request.Kind!;
        var goal = new Goal(user, sport!.Name, request.Period ?? GoalPeriods.Week,
            kind == Goal.DistanceKind ? request.TargetDistanceM!.Value : 0, kind, kind == Goal.FrequencyKind ? request.TargetCount!.Value : 0,
            time.GetUtcNow().ToUnixTimeMilliseconds(), kind == Goal.DurationKind ? request.TargetDurationS!.Value : 0,
            kind == Goal.VolumeKind ? request.TargetVolumeKg!.Value : 0);
        var set = await store.SaveGoalAsync(goal, cancellationToken);
        if (await PublishAsync(publisher, set, http, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }
        var saved = set.Goals.Single(g => g.GoalId == goal.GoalId);
        return TypedResults.Ok(ToResponse(saved, null));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteGoal(
        string user, string goalId, ClaimsPrincipal viewer, IGoalStore store, GoalPublisher publisher, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (viewer.UserId() != user)
        {
            return Forbidden();
        }
        var set = await store.DeleteGoalAsync(user, goalId, cancellationToken);
        if (set is null)
        {
            return TypedResults.NotFound();
        }
        if (await PublishAsync(publisher, set, http, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<GoalListResponse>, NotFound>> GetGoals(
        string user, ClaimsPrincipal viewer, PrivacyPolicy privacy, IGoalStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await privacy.CanSeeAggregatesAsync(viewer, user, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var set = await store.GetGoalSetAsync(user, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var current = set.Goals.ToDictionary(g => g.GoalId, g => GoalPeriods.KeyOf(g.Period, now));
        var progress = await store.GetGoalProgressAsync(user, [.. current.Values.Distinct()], cancellationToken);
        var byGoal = progress.Where(p => current.TryGetValue(p.GoalId, out var period) && period == p.PeriodKey).ToDictionary(p => p.GoalId);
        return TypedResults.Ok(new GoalListResponse(user, set.Revision, [.. set.Goals.Select(g =>
            ToResponse(g, byGoal.TryGetValue(g.GoalId, out var p)
                ? ToResponse(p)
                : new GoalProgressResponse(current[g.GoalId], 0, Target(g), 0, false, null)))]));
    }

    /// <summary>The problems of a goal request by field, or null when it is valid.</summary>
    public static Dictionary<string, string[]>? Validate(SetGoalRequest request)
    {
        if (!SportRegistry.TryGet(request.Sport, out _))
        {
            return QueryParameters.Error("sport", $"must be one of {SportRegistry.Names}");
        }
        if (request.Kind is not (Goal.DistanceKind or Goal.FrequencyKind or Goal.DurationKind or Goal.VolumeKind))
        {
            return QueryParameters.Error("kind", "must be distance, frequency, duration or volume");
        }
        if (request.Period is not null && !GoalPeriods.IsValid(request.Period))
        {
            return QueryParameters.Error("period", "must be week or year");
        }
        // Exactly the kind's own target: a target of another kind is a mistake worth naming, not something to ignore.
        var targets = new (string Kind, string Field, bool Given, bool Valid, string Rule)[]
        {
            (Goal.DistanceKind, "target_distance_m", request.TargetDistanceM is not null,
                request.TargetDistanceM is > 0 and <= MaxTargetDistanceM, $"must be a positive number of metres up to {MaxTargetDistanceM}"),
            (Goal.FrequencyKind, "target_count", request.TargetCount is not null,
                request.TargetCount is >= 1 and <= MaxTargetCount, $"must be between 1 and {MaxTargetCount}"),
            (Goal.DurationKind, "target_duration_s", request.TargetDurationS is not null,
                request.TargetDurationS is > 0 and <= MaxTargetDurationS, $"must be a positive number of seconds up to {MaxTargetDurationS}"),
            (Goal.VolumeKind, "target_volume_kg", request.TargetVolumeKg is not null,
                request.TargetVolumeKg is > 0 and <= MaxTargetVolumeKg, $"must be a positive number of kg up to {MaxTargetVolumeKg}"),
        };
        foreach (var target in targets)
        {
            if (target.Kind == request.Kind && !target.Valid)
            {
                return QueryParameters.Error(target.Field, target.Rule);
            }
            if (target.Kind != request.Kind && target.Given)
            {
                return QueryParameters.Error(target.Field, $"is for {target.Kind} goals only");
            }
        }
        return null;
    }

    private static async Task<ProblemHttpResult?> PublishAsync(GoalPublisher publisher, GoalSet set, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(set, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is KafkaException or HttpRequestException or SchemaNotFoundException)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable",
                detail: "the goal is saved but could not be published to the stream yet; repeat the request");
        }
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only the user themselves may change their goals");

    private static double Target(Goal g) => g.Target;

    private static GoalResponse ToResponse(Goal g, GoalProgressResponse? progress) => new(g.GoalId, g.Sport, g.Kind, g.Period,
        g.Kind == Goal.DistanceKind ? g.TargetDistanceM : null, g.Kind == Goal.FrequencyKind ? g.TargetCount : null,
        DateTimeOffset.FromUnixTimeMilliseconds(g.CreatedAtMs), progress,
        g.Kind == Goal.DurationKind ? g.TargetDurationS : null, g.Kind == Goal.VolumeKind ? g.TargetVolumeKg : null);

    private static GoalProgressResponse ToResponse(GoalProgress p) => new(p.PeriodKey, p.Value, p.Target, p.Activities, p.Achieved,
        p.Achieved ? DateTimeOffset.FromUnixTimeMilliseconds(p.AchievedAtMs) : null);
}
