using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>
/// What the standings keep of one racer: the newest summary's figures, when (processor wall clock) the racer was last
/// heard from, and their progress along the course (<see cref="CourseProgress"/>). Kept in a changelogged store keyed
/// <c>{race}/{activity}</c>.
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

    /// <summary>The activity's start: race times (finish, splits) count from it (chip timing).</summary>
    public long StartedAtMs { get; init; }

    /// <summary>Distance along the course line, monotone; 0 without a course.</summary>
    public double CourseM { get; init; }

    /// <summary>
    /// Event time of the position that gave <see cref="CourseM"/>: the next crossing of a mark or the finish line is
    /// interpolated from here. Not the newest sample's time: a summary that advanced nothing (GPS noise just behind, off
    /// the course, no position) would otherwise date the old progress later and every crossing after it late.
    /// 0 in state written before it existed (then <see cref="LastSampleMs"/> stands in).
    /// </summary>
    public long CourseAtMs { get; init; }

    /// <summary>Event time of the interpolated finish-line crossing; 0 until then.</summary>
    public long FinishMs { get; init; }

    /// <summary>Event time since which the racer is more than the off-course distance from the course; 0 while on it.</summary>
    public long OffCourseSinceMs { get; init; }

    /// <summary>Event time at which each checkpoint (by index) was passed; 0 when not yet.</summary>
    public long[] CheckpointMs { get; init; } = [];

    /// <summary>Event time at each whole <see cref="CourseProgress.MarkIntervalM"/> of course distance: the gaps to the leader come from these.</summary>
    public long[] MarksMs { get; init; } = [];

    public bool IsFinished => Status == Finished;

    public bool CrossedFinish => FinishMs > 0;

    public static string StoreKey(string raceId, string activityId) => raceId + "/" + activityId;

    public static RacerState From(ActivitySummary summary, string raceId, long lastSeenMs) => new(
        raceId, summary.ActivityId, summary.UserId, summary.Status, summary.DistanceM, summary.ElapsedTimeS, summary.LastSampleMs,
        summary.PointsCount, summary.LastLat, summary.LastLon, lastSeenMs)
    {
        StartedAtMs = summary.StartedAtMs,
    };

    /// <summary>The new summary's figures, keeping the course progress made so far (the caller advances it).</summary>
    public RacerState Next(ActivitySummary summary, long lastSeenMs) => From(summary, RaceId, lastSeenMs).WithProgressOf(this);

    /// <summary>These figures with <paramref name="other"/>'s course progress (distance, crossings, marks, off-course time).</summary>
    public RacerState WithProgressOf(RacerState other) => this with
    {
        CourseM = other.CourseM,
        CourseAtMs = other.CourseAtMs,
        FinishMs = other.FinishMs,
        OffCourseSinceMs = other.OffCourseSinceMs,
        CheckpointMs = other.CheckpointMs,
        MarksMs = other.MarksMs,
    };

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
