using Splitstream.Geo;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// A value of the activity-state store. A live entry is a view of the activity's <see cref="ActivityTimeline"/>: it is
/// encoded from the timeline when the store flushes to its changelog, so the raw samples are held in memory once and
/// encoded once per commit, however many records changed them. A restored entry carries the decoded payload until
/// the processor rebuilds the timeline from it and attaches it.
/// </summary>
public sealed class ActivityStateEntry
{
    private ActivityStateEntry(ActivityStateEntryKind kind, long chunkStartMs)
    {
        Kind = kind;
        ChunkStartMs = chunkStartMs;
    }

    public ActivityStateEntryKind Kind { get; }

    /// <summary>For <see cref="ActivityStateEntryKind.Samples"/>: the chunk's first millisecond.</summary>
    public long ChunkStartMs { get; }

    /// <summary>For <see cref="ActivityStateEntryKind.Evicted"/>: the stream time of the eviction (the marker expires from it).</summary>
    public long StoppedAtMs { get; private init; }

    /// <summary>The timeline a live entry reads; null for a restored entry not attached yet.</summary>
    public ActivityTimeline? Timeline { get; private set; }

    public ActivityInfo? RestoredInfo { get; private set; }

    public IReadOnlyList<(long TimeMs, LifecycleKind Kind)> RestoredLifecycle { get; private set; } = [];

    public IReadOnlyList<TrackSample> RestoredPoints { get; private set; } = [];

    public IReadOnlyList<HeartRateSample> RestoredHeartRates { get; private set; } = [];

    public static ActivityStateEntry LiveLifecycle(ActivityTimeline timeline) =>
        new(ActivityStateEntryKind.Lifecycle, 0) { Timeline = timeline };

    public static ActivityStateEntry LiveSamples(ActivityTimeline timeline, long chunkStartMs) =>
        new(ActivityStateEntryKind.Samples, chunkStartMs) { Timeline = timeline };

    public static ActivityStateEntry Evicted(long stoppedAtMs) => new(ActivityStateEntryKind.Evicted, 0) { StoppedAtMs = stoppedAtMs };

    public static ActivityStateEntry RestoredLifecycleOf(ActivityInfo? info, IReadOnlyList<(long, LifecycleKind)> lifecycle) =>
        new(ActivityStateEntryKind.Lifecycle, 0) { RestoredInfo = info, RestoredLifecycle = lifecycle };

    public static ActivityStateEntry RestoredSamplesOf(long chunkStartMs, IReadOnlyList<TrackSample> points, IReadOnlyList<HeartRateSample> heartRates) =>
        new(ActivityStateEntryKind.Samples, chunkStartMs) { RestoredPoints = points, RestoredHeartRates = heartRates };

    /// <summary>Makes a restored entry a view of the timeline rebuilt from it, dropping the decoded copy (not a change: nothing is rewritten).</summary>
    public void Attach(ActivityTimeline timeline)
    {
        Timeline = timeline;
        RestoredInfo = null;
        RestoredLifecycle = [];
        RestoredPoints = [];
        RestoredHeartRates = [];
    }

    /// <summary>The start information, from the timeline when live.</summary>
    public ActivityInfo? Info => Timeline is { } t ? t.Info : RestoredInfo;

    public IEnumerable<(long TimeMs, LifecycleKind Kind)> Lifecycle => Timeline is { } t ? t.Lifecycle : RestoredLifecycle;

    /// <summary>The chunk's GPS points in time order, from the timeline when live.</summary>
    public ReadOnlySpan<TrackSample> Points =>
        Timeline is { } t ? ChunkOf(t.Points, static p => p.TimeMs) : AsSpan(RestoredPoints);

    public ReadOnlySpan<HeartRateSample> HeartRates =>
        Timeline is { } t ? ChunkOf(t.HeartRates, static h => h.TimeMs) : AsSpan(RestoredHeartRates);

    private ReadOnlySpan<T> ChunkOf<T>(IReadOnlyList<T> sorted, Func<T, long> timeOf)
    {
        var span = AsSpan(sorted);
        var from = LowerBound(span, ChunkStartMs, timeOf);
        var to = LowerBound(span, ChunkStartMs + ActivityStateKey.ChunkMs, timeOf);
        return span[from..to];
    }

    private static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> list) => list switch
    {
        List<T> l => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l),
        T[] a => a,
        _ => list.ToArray(),
    };

    private static int LowerBound<T>(ReadOnlySpan<T> sorted, long timeMs, Func<T, long> timeOf)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (timeOf(sorted[mid]) < timeMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
