using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Reads about one athlete (DESIGN §5): their activity list (keyset pagination) and stats.</summary>
public static class AthletesApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapAthletesApiV1(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("athletes").RequireAuthorization(Policies.Read);
        users.MapGet("/{user}/activities", ListActivities).WithName("ListUserActivities");
        users.MapGet("/{user}/stats", GetStats).WithName("GetUserStats");
        return users;
    }

    /// <summary>
    /// Newest first; <c>next</c> is the <c>before</c> of the following page. Keyset, not offset: activities inserted
    /// meanwhile never shift a page, so pages have neither gaps nor repeats. Strangers see public activities only; a
    /// private profile's list is 404 to everyone else.
    /// </summary>
    public static async Task<Results<Ok<ActivityListResponse>, ValidationProblem, NotFound>> ListActivities(
        string user, string? limit, string? before, ClaimsPrincipal viewer, PrivacyPolicy privacy, IActivityStore store,
        CancellationToken cancellationToken)
    {
        // Bound as text so a malformed value gets a problem naming it rather than the framework's anonymous 400.
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && !int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
            || size is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("limit", $"must be between 1 and {MaxLimit}"));
        }
        ActivityCursor? cursor = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!ActivityCursor.TryDecode(before, out var decoded))
            {
                return TypedResults.ValidationProblem(QueryParameters.Error("before", "is not a cursor this API returned as next"));
            }
            cursor = decoded;
        }
        var relation = await privacy.RelationAsync(viewer, user, cancellationToken);
        if (relation == ViewerRelation.Hidden)
        {
            return TypedResults.NotFound();
        }
        // One extra row tells whether another page exists without a second query.
        var rows = await store.ListActivitiesAsync(user, relation == ViewerRelation.Stranger, size + 1, cursor, cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? new ActivityCursor(page[^1].StartedAtMs, page[^1].ActivityId).Encode() : null;
        return TypedResults.Ok(new ActivityListResponse(user, [.. page.Select(ResponseMapping.ToListItem)], next));
    }

    /// <summary>Totals and the streak are SQL aggregates (<see cref="IActivityTotalsStore"/>), personal bests one indexed query.</summary>
    public static async Task<Results<Ok<StatsResponse>, NotFound>> GetStats(
        string user, ClaimsPrincipal viewer, PrivacyPolicy privacy, IActivityTotalsStore totals, IPersonalBestStore bests, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var relation = await privacy.RelationAsync(viewer, user, cancellationToken);
        if (relation == ViewerRelation.Hidden)
        {
            return TypedResults.NotFound();
        }
        var publicOnly = relation == ViewerRelation.Stranger;
        var now = time.GetUtcNow();
        var (weekStart, yearStart) = StatsCalculator.RangeStarts(now);
        var sports = await totals.GetTotalsAsync(user, publicOnly, weekStart, yearStart, cancellationToken);
        var streak = await StatsCalculator.CurrentStreakDaysAsync(
            (beforeDay, limit) => totals.GetActiveDaysAsync(user, publicOnly, beforeDay, limit, cancellationToken), now);
        return TypedResults.Ok(new StatsResponse(user, StatsCalculator.IsoWeek(now), StatsCalculator.Totals(sports), streak,
            StatsCalculator.PersonalBests(await bests.GetPersonalBestsAsync(user, publicOnly, cancellationToken))));
    }
}
