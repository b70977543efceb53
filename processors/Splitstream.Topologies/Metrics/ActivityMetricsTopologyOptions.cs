using Splitstream.Geo;
using Splitstream.Schemas;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// What <see cref="ActivityMetricsTopology.Build"/> needs. Immutable. Input and output topics are options, so a replay
/// can run the same topology under another application id into other topics; store and changelog names come from the
/// runtime (<c>&lt;application-id&gt;-activity-state-changelog</c>).
/// </summary>
public sealed record ActivityMetricsTopologyOptions
{
    public required ISchemaRegistry Registry { get; init; }

    /// <summary>Distance model, smoothing, auto-pause, heart-rate join tolerance and window size of the fold.</summary>
    public ActivityMetricsOptions Metrics { get; init; } = ActivityMetricsOptions.Default;

    public string EventsTopic { get; init; } = Topics.ActivityEvents;

    public string GpsTopic { get; init; } = Topics.Gps;

    public string HeartRateTopic { get; init; } = Topics.HeartRate;

    public string SummaryTopic { get; init; } = Topics.ActivitySummary;

    public string MetricsTopic { get; init; } = Topics.ActivityMetrics;

    /// <summary>
    /// Wall-clock period of the punctuator that emits the summaries of activities changed since the last one (and any
    /// window that closed meanwhile). Race standings need a summary within ~250 ms of a sample.
    /// </summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long after its end (in the task's stream time) a window still takes records before it is final and emitted.
    /// A minute covers the fold's own settling (10 samples of smoothing look-ahead, 15 s of auto-pause) and devices
    /// that post every few seconds.
    /// </summary>
    public TimeSpan WindowGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Stream time after the last record of a stopped activity (see <see cref="AbandonedAfter"/> for one never stopped)
    /// when it leaves memory. Its raw state stays in the store; a later record loads it again.
    /// </summary>
    public TimeSpan FinishedRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An activity with no record newer than this (stream time) is treated as stopped at its newest record.</summary>
    public TimeSpan AbandonedAfter { get; init; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Raw state on local disk (RocksDB under the runtime's state dir; restarts restore only the changelog's tail), or
    /// in memory (restored in full from the changelog at every start; tests and small replays).
    /// </summary>
    public bool PersistentState { get; init; } = true;
}
