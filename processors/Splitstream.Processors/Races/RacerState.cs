using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>
/// What the standings keep of one racer: the newest summary's figures, and when (processor wall clock) the racer was
/// last heard from. Kept in a changelogged store keyed <c>{race}/{activity}</c>.
/// </summary>
public sealed record RacerState(
    string RaceId,
    string ActivityId,
    string UserId,
    string Status,
    double DistanceM,
    double ElapsedTimeS,
    long LastSampleMs,
    long PointsCount,
    double Lat,
    double Lon,
    long LastSeenMs)
{
    public const string Finished = "finished";

    public bool IsFinished => Status == Finished;

    public static string StoreKey(string raceId, string activityId) => raceId + "/" + activityId;

    public static RacerState From(ActivitySummary summary, string raceId, long lastSeenMs) => new(
        raceId, summary.ActivityId, summary.UserId, summary.Status, summary.DistanceM, summary.ElapsedTimeS, summary.LastSampleMs,
        summary.PointsCount, summary.LastLat, summary.LastLon, lastSeenMs);

    /// <summary>
    /// How far along the racer's data is: newest sample, then points, then finished. Summaries are latest-wins
    /// upserts, so a summary that is not ahead of the stored one is a duplicate or a replay and changes nothing.
    /// </summary>
    public int CompareProgress(ActivitySummary summary)
    {
        var bySample = LastSampleMs.CompareTo(summary.LastSampleMs);
        if (bySample != 0)
        {
            return bySample;
        }
        var byPoints = PointsCount.CompareTo(summary.PointsCount);
        return byPoints != 0 ? byPoints : IsFinished.CompareTo(summary.Status == Finished);
    }
}
