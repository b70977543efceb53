using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas.Sports;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// <c>GET /v1/users/{user}/progress?metric=distance|moving_time|count|elevation|volume&amp;period=week|month&amp;sport=&amp;from=&amp;to=</c>
/// (DESIGN §10): one value per ISO week or calendar month (UTC) of the activities started in it, read from the
/// precomputed buckets the activity sink keeps (<see cref="IProgressStore"/>), never from activities or points. Periods
/// without activities are 0, so a chart needs no gap filling. Privacy is the goals': the user, their friends, and anyone
/// when the user shares activities publicly; to anyone else the user's progress doesn't exist (404). Progress is a
/// per-user total, so it includes the user's activities that are individually private.
/// </summary>
public static class ProgressApi
{
    /// <summary>At most this many periods per request (ten years of weeks): the answer stays proportional to the request.</summary>
    public const int MaxPeriods = 530;

    private static readonly Dictionary<string, string> Units = new()
    {
        ["distance"] = "m", ["moving_time"] = "s", ["count"] = "activities", ["elevation"] = "m", ["volume"] = "kg",
    };

    public static RouteGroupBuilder MapProgressApiV1(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("athletes");
        users.MapGet("/{user}/progress", GetProgress).WithName("GetUserProgress").RequireAuthorization(Policies.Read);
        return users;
    }

    public static async Task<Results<Ok<ProgressResponse>, ValidationProblem, NotFound>> GetProgress(
        string user, string? metric, string? period, string? sport, string? from, string? to, ClaimsPrincipal viewer, PrivacyPolicy privacy,
        IProgressStore progress, TimeProvider time, CancellationToken cancellationToken)
    {
        metric ??= "distance";
        period ??= ProgressPeriods.Week;
        if (!Units.TryGetValue(metric, out var unit))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("metric", "must be distance, moving_time, count, elevation or volume"));
        }
        if (!ProgressPeriods.IsValid(period))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("period", "must be week or month"));
        }
        string? sportName = null;
        if (!string.IsNullOrEmpty(sport))
        {
            if (!SportRegistry.TryGet(sport, out var registered))
            {
                return TypedResults.ValidationProblem(QueryParameters.Error("sport", $"must be one of {SportRegistry.Names}"));
            }
            sportName = registered.Name;
        }
        if (!QueryParameters.TryParseTime(from, out var fromMs))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("from", "must be epoch milliseconds or an RFC 3339 time"));
        }
        if (!QueryParameters.TryParseTime(to, out var toMs))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("to", "must be epoch milliseconds or an RFC 3339 time"));
        }
        // Default: the 12 periods up to and including the current one.
        var end = ProgressPeriods.Next(period, ProgressPeriods.Of(period, toMs ?? time.GetUtcNow().ToUnixTimeMilliseconds()).StartMs);
        var start = fromMs is { } f ? ProgressPeriods.Of(period, f).StartMs : Back(period, end, 12);
        if (start >= end)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("from", "must be before to"));
        }
        if (Back(period, end, MaxPeriods) > start)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("from", $"at most {MaxPeriods} periods per request"));
        }
        if (!await privacy.CanSeeAggregatesAsync(viewer, user, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var buckets = (await progress.GetProgressAsync(user, period, sportName, start, end, cancellationToken)).ToDictionary(b => b.StartMs);
        var points = new List<ProgressPointResponse>();
        for (var t = start; t < end; t = ProgressPeriods.Next(period, t))
        {
            var key = ProgressPeriods.Of(period, t).Key;
            points.Add(buckets.TryGetValue(t, out var b)
                ? new ProgressPointResponse(key, DateTimeOffset.FromUnixTimeMilliseconds(t), ValueOf(metric, b), b.Activities)
                : new ProgressPointResponse(key, DateTimeOffset.FromUnixTimeMilliseconds(t), 0, 0));
        }
        return TypedResults.Ok(new ProgressResponse(user, metric, period, sportName, DateTimeOffset.FromUnixTimeMilliseconds(start),
            DateTimeOffset.FromUnixTimeMilliseconds(end), unit, points));
    }

    private static double ValueOf(string metric, ProgressBucket b) => metric switch
    {
        "distance" => b.DistanceM,
        "moving_time" => b.MovingTimeS,
        "elevation" => b.ElevationGainM,
        "volume" => b.VolumeKg,
        _ => b.Activities,
    };

    /// <summary>The start of the period <paramref name="periods"/> before the one starting at <paramref name="startMs"/>.</summary>
    private static long Back(string period, long startMs, int periods)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        return (period == ProgressPeriods.Week ? t.AddDays(-7 * periods) : t.AddMonths(-periods)).ToUnixTimeMilliseconds();
    }
}
