using Splitstream.Schemas.V1;

namespace Splitstream.Races.Tests;

/// <summary>Activity summaries as the metrics topology publishes them, for racers of test races.</summary>
internal static class Summaries
{
    public static readonly long RaceStartMs = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>A racer <paramref name="elapsedS"/> seconds into the race, one point per second, at <paramref name="distanceM"/>.</summary>
    public static ActivitySummary Racer(string raceId, string userId, double distanceM, int elapsedS, string status = "active") => new()
    {
        ActivityId = "act-" + userId,
        UserId = userId,
        Sport = "run",
        Status = status,
        RaceId = raceId,
        StartedAtMs = RaceStartMs,
        DistanceM = distanceM,
        ElapsedTimeS = elapsedS,
        MovingTimeS = elapsedS,
        PointsCount = elapsedS + 1,
        FirstSampleMs = RaceStartMs,
        LastSampleMs = RaceStartMs + elapsedS * 1000L,
        LastLat = 45.5 + distanceM * 1e-6,
        LastLon = -73.58,
        Country = "CA",
    };
}
