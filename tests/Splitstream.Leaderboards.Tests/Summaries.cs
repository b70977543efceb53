using Splitstream.Schemas.V1;

namespace Splitstream.Leaderboards.Tests;

/// <summary>Activity summaries as the metrics topology publishes them, with what the boards and goals read.</summary>
internal static class Summaries
{
    /// <summary>Wednesday of ISO week 2026-W47.</summary>
    public static readonly DateTimeOffset Week47 = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    public static ActivitySummary Of(string activityId, string userId, double distanceM, DateTimeOffset startedAt, string sport = "run",
        string country = "CA", TimeSpan? duration = null) => new()
    {
        ActivityId = activityId,
        UserId = userId,
        Sport = sport,
        Country = country,
        Status = "finished",
        StartedAtMs = startedAt.ToUnixTimeMilliseconds(),
        FirstSampleMs = startedAt.ToUnixTimeMilliseconds(),
        LastSampleMs = (startedAt + (duration ?? TimeSpan.FromMinutes(30))).ToUnixTimeMilliseconds(),
        DistanceM = distanceM,
    };
}
