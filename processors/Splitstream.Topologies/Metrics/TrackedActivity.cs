using Splitstream.Geo;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// One activity in a task: its timeline (raw state, changelogged through the activity-state store) and what the
/// processor derived from it for emission. The derived part is never logged: after a restore it starts empty, so
/// every restored activity's summary and closed windows are emitted again (keyed upserts of the same values), which
/// also covers outputs of a crashed instance that never reached Kafka.
/// </summary>
internal sealed class TrackedActivity(ActivityTimeline timeline)
{
    public ActivityTimeline Timeline { get; } = timeline;

    /// <summary>Stream time when a record last reached the activity (eviction counts from it).</summary>
    public long LastTouchedStreamTime { get; set; } = long.MinValue;

    /// <summary>Changed since its summary was last emitted.</summary>
    public bool Dirty { get; set; } = true;

    /// <summary>Windows whose end is at or before this were compared with the fold and emitted when they differed.</summary>
    public long WindowsClosedThrough { get; set; } = long.MinValue;

    /// <summary>The value last emitted per window start: a closed window is emitted again only when it changed.</summary>
    public Dictionary<long, WindowAggregate> EmittedWindows { get; } = [];

    /// <summary>Event time of the newest thing known about the activity (sample, reading, lifecycle event or start).</summary>
    public long NewestTimeMs
    {
        get
        {
            var newest = Timeline.Info?.StartedAtMs ?? long.MinValue;
            if (Timeline.PointCount > 0)
            {
                newest = Math.Max(newest, Timeline.Points[^1].TimeMs);
            }
            if (Timeline.HeartRateCount > 0)
            {
                newest = Math.Max(newest, Timeline.HeartRates[^1].TimeMs);
            }
            foreach (var (time, _) in Timeline.Lifecycle)
            {
                newest = Math.Max(newest, time);
            }
            return newest;
        }
    }

    /// <summary>The latest stop event's time, or null while the activity has none.</summary>
    public long? StoppedAtMs
    {
        get
        {
            long? stopped = null;
            foreach (var (time, kind) in Timeline.Lifecycle)
            {
                if (kind == LifecycleKind.Stop)
                {
                    stopped = time;
                }
            }
            return stopped;
        }
    }
}
