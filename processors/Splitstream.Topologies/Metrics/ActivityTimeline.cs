using Splitstream.Geo;
using Splitstream.Schemas;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// Everything known about one activity, kept in event-time order regardless of arrival order: GPS points and heart-rate
/// readings deduplicated by time, lifecycle events, and the start information. Metrics come from folding the ordered
/// points with <see cref="ActivityFold"/>, so a late, shuffled or repeated delivery yields exactly the metrics of an
/// in-order, once-only one.
/// </summary>
/// <remarks>
/// The fold is kept between summaries and only extended with new points at the end. Anything inserted at or before
/// the folded position (a late batch, heart rate within the join tolerance of folded points, a pause event) invalidates
/// it and the next summary refolds from scratch: O(n) only for out-of-order input. Points within <see cref="FoldLag"/>
/// of the newest point are folded on a copy at summary time, so heart rate that trails GPS by a few seconds (it comes
/// from another sensor, on another topic) does not force refolds in live streams.
/// Memory: 40 B per GPS point (<see cref="TrackSample"/>), 16 B per heart-rate reading, up to twice that while a list
/// waits to grow, plus the fold (~4 KB): an hour at 1 Hz with heart rate every 2 s is about 175 KB, up to 350 KB.
/// </remarks>
public sealed class ActivityTimeline(string activityId, ActivityMetricsOptions? options = null)
{
    /// <summary>How far behind the newest point the persistent fold stays.</summary>
    public static readonly TimeSpan FoldLag = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many of a race activity's newest accepted fixes its summary carries: more than a summary period's worth of a
    /// live stream (a 250 ms period holds ~8 samples of a simulation at 30× real time). A longer stretch arriving at
    /// once (a device uploading what it recorded offline) is timed between its last 32 fixes and interpolated before.
    /// </summary>
    public const int RecentPositionsForRaces = 32;

    private readonly ActivityMetricsOptions options = options ?? ActivityMetricsOptions.Default;
    private readonly List<TrackSample> points = [];
    private readonly List<HeartRateSample> heartRates = [];
    private readonly SortedSet<(long TimeMs, LifecycleKind Kind)> lifecycle = [];
    private TimeInterval[] pauses = [];
    private ActivityFold? fold;
    private int foldedCount;
    private long dirtyFromMs = long.MaxValue;

    public string ActivityId { get; } = activityId;

    public ActivityInfo? Info { get; private set; }

    public int PointCount => points.Count;

    public int HeartRateCount => heartRates.Count;

    public IReadOnlyList<TrackSample> Points => points;

    public IReadOnlyList<HeartRateSample> HeartRates => heartRates;

    public IReadOnlyCollection<(long TimeMs, LifecycleKind Kind)> Lifecycle => lifecycle;

    /// <summary>Sets the start information; a repeated start keeps the first (they are the same activity id).</summary>
    public bool Start(ActivityInfo info)
    {
        if (Info is not null)
        {
            return false;
        }
        Info = info;
        // The sport decides the fold's thresholds: anything folded before was folded as a run by default.
        Invalidate(long.MinValue);
        return true;
    }

    /// <summary>Adds a GPS point; false when a point of that time is already known (a duplicate).</summary>
    /// <remarks>Two different points with the same time keep the smaller one, so the survivor doesn't depend on arrival order.</remarks>
    public bool AddPoint(TrackSample sample)
    {
        if (points.Count == 0 || sample.TimeMs > points[^1].TimeMs)
        {
            // In order (a live stream's every sample): after everything, so after the folded part too.
            points.Add(sample);
            return true;
        }
        var index = BinarySearch(points, sample.TimeMs, static p => p.TimeMs);
        if (index >= 0)
        {
            if (Compare(sample, points[index]) >= 0)
            {
                return false;
            }
            points[index] = sample;
            Invalidate(sample.TimeMs);
            return true;
        }
        index = ~index;
        points.Insert(index, sample);
        if (index < foldedCount)
        {
            Invalidate(sample.TimeMs);
        }
        return true;
    }

    /// <summary>Adds a heart-rate reading; false for a duplicate time (the lower reading wins a conflict, for determinism).</summary>
    public bool AddHeartRate(HeartRateSample sample)
    {
        var index = heartRates.Count == 0 || sample.TimeMs > heartRates[^1].TimeMs
            ? ~heartRates.Count
            : BinarySearch(heartRates, sample.TimeMs, static h => h.TimeMs);
        if (index >= 0)
        {
            if (sample.Bpm >= heartRates[index].Bpm)
            {
                return false;
            }
            heartRates[index] = sample;
        }
        else
        {
            heartRates.Insert(~index, sample);
        }
        Invalidate(sample.TimeMs - (long)options.HeartRateJoinTolerance.TotalMilliseconds);
        return true;
    }

    /// <summary>Adds a pause, resume or stop; false when the same event at the same time is known.</summary>
    public bool AddLifecycle(LifecycleKind kind, long timeMs)
    {
        if (!lifecycle.Add((timeMs, kind)))
        {
            return false;
        }
        pauses = BuildPauses();
        Invalidate(timeMs);
        return true;
    }

    /// <summary>finished after a stop, paused inside an open pause, active otherwise.</summary>
    public string Status
    {
        get
        {
            if (lifecycle.Any(e => e.Kind == LifecycleKind.Stop))
            {
                return ActivityStatus.Finished;
            }
            var last = lifecycle.Where(e => e.Kind != LifecycleKind.Stop).Select(e => (LifecycleKind?)e.Kind).LastOrDefault();
            return last == LifecycleKind.Pause ? ActivityStatus.Paused : ActivityStatus.Active;
        }
    }

    /// <summary>The metrics of everything known so far.</summary>
    public ActivityMetrics Summarize()
    {
        var sport = Info?.Sport ?? Sport.Run;
        if (fold is null || dirtyFromMs <= (fold.LastTimeMs ?? long.MinValue) || dirtyFromMs == long.MinValue)
        {
            // A race activity's summaries carry its newest fixes (the standings time the finish between samples); Start
            // refolds when the race id arrives after the first points.
            fold = new ActivityFold(sport, options, string.IsNullOrEmpty(Info?.RaceId) ? 0 : RecentPositionsForRaces);
            foldedCount = 0;
        }
        dirtyFromMs = long.MaxValue;
        // A finished activity folds everything; a live one keeps the newest stretch out of the persistent fold.
        var horizon = Status == ActivityStatus.Finished || points.Count == 0
            ? long.MaxValue
            : points[^1].TimeMs - (long)FoldLag.TotalMilliseconds;
        while (foldedCount < points.Count && points[foldedCount].TimeMs <= horizon)
        {
            Feed(fold, points[foldedCount++]);
        }
        if (foldedCount == points.Count)
        {
            return fold.Snapshot();
        }
        var live = fold.Clone();
        for (var i = foldedCount; i < points.Count; i++)
        {
            Feed(live, points[i]);
        }
        return live.Snapshot();
    }

    private void Feed(ActivityFold target, TrackSample point)
    {
        var hr = HeartRateJoin.Nearest(
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(heartRates), point.TimeMs, (long)options.HeartRateJoinTolerance.TotalMilliseconds);
        target.Add(point, hr, ExplicitPauses.Contains(pauses, point.TimeMs));
    }

    private void Invalidate(long fromMs) => dirtyFromMs = Math.Min(dirtyFromMs, fromMs);

    /// <summary>Pause→resume intervals in time order; an unmatched pause and everything after a stop are paused to the end.</summary>
    private TimeInterval[] BuildPauses()
    {
        var result = new List<TimeInterval>();
        long? pausedAt = null;
        foreach (var (time, kind) in lifecycle)
        {
            switch (kind)
            {
                case LifecycleKind.Pause when pausedAt is null:
                    pausedAt = time;
                    break;
                case LifecycleKind.Resume when pausedAt is not null:
                    result.Add(new TimeInterval(pausedAt.Value, time));
                    pausedAt = null;
                    break;
                case LifecycleKind.Stop:
                    result.Add(new TimeInterval(pausedAt ?? time + 1, long.MaxValue));
                    return [.. result];
            }
        }
        if (pausedAt is not null)
        {
            result.Add(new TimeInterval(pausedAt.Value, long.MaxValue));
        }
        return [.. result];
    }

    private static int Compare(TrackSample a, TrackSample b)
    {
        var c = a.Lat.CompareTo(b.Lat);
        if (c != 0) return c;
        c = a.Lon.CompareTo(b.Lon);
        if (c != 0) return c;
        c = Nullable.Compare(a.Ele, b.Ele);
        return c != 0 ? c : Nullable.Compare(a.Acc, b.Acc);
    }

    private static int BinarySearch<T>(List<T> list, long timeMs, Func<T, long> timeOf)
    {
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var t = timeOf(list[mid]);
            if (t == timeMs) return mid;
            if (t < timeMs) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
