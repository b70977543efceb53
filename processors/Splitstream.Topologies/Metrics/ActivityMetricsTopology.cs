using Google.Protobuf;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// Issue 4's activity-metrics topology: <c>activity.events.v1</c>, <c>telemetry.gps.v1</c> and <c>telemetry.hr.v1</c>
/// (co-partitioned by activity id) into <c>activity.summary.v1</c> (latest summary per activity) and
/// <c>activity.metrics.v1</c> (1-minute tumbling windows, final when they close, re-emitted when corrected).
/// </summary>
public static class ActivityMetricsTopology
{
    /// <summary>The changelogged raw state (lifecycle and sample chunks) of every activity of a task.</summary>
    public const string StateStore = "activity-state";

    /// <summary>
    /// The activities of a task whose outputs may not be final yet (in memory, changed or with windows to close):
    /// what a restore loads and re-emits. Settled activities stay on disk only.
    /// </summary>
    public const string UnsettledStore = "activity-unsettled";

    public const string Processor = "activity-metrics";
    public const string SummarySink = "summary-sink";
    public const string MetricsSink = "metrics-sink";

    public static Topology Build(ActivityMetricsTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Registry);
        if (options.SummaryInterval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SummaryInterval must be at least 1 ms");
        }
        var windows = TimeWindows.Of(options.Metrics.WindowSize, options.WindowGrace);
        if (options.FinishedRetention <= TimeSpan.FromMilliseconds(windows.RetentionMs))
        {
            // Every window of a finished activity must have closed (and gone out) before its points are evicted.
            throw new ArgumentOutOfRangeException(nameof(options), "FinishedRetention must exceed the window size plus WindowGrace");
        }
        var registry = options.Registry;
        return new TopologyBuilder()
            .AddSource("events", Serdes.String, Serdes.ProtobufReader(registry, ActivityEvent.Parser), options.EventsTopic)
            .AddSource("gps", Serdes.String, Serdes.ProtobufReader(registry, GpsBatch.Parser), options.GpsTopic)
            .AddSource("heart-rate", Serdes.String, Serdes.ProtobufReader(registry, HeartRateBatch.Parser), options.HeartRateTopic)
            // One processor takes all three inputs: the sources' records are passed on as messages of their kind.
            .AddProcessor("events-in", AsMessages<ActivityEvent>, "events")
            .AddProcessor("gps-in", AsMessages<GpsBatch>, "gps")
            .AddProcessor("heart-rate-in", AsMessages<HeartRateBatch>, "heart-rate")
            .AddProcessor(Processor, () => new ActivityMetricsProcessor(options, windows), "events-in", "gps-in", "heart-rate-in")
            .AddStateStore(options.PersistentState
                ? Stores.PersistentKeyValue(StateStore, Serdes.String, ActivityStateSerde.Instance)
                : Stores.KeyValue(StateStore, Serdes.String, ActivityStateSerde.Instance), Processor)
            .AddStateStore(options.PersistentState
                ? Stores.PersistentKeyValue(UnsettledStore, Serdes.String, Serdes.Int64)
                : Stores.KeyValue(UnsettledStore, Serdes.String, Serdes.Int64), Processor)
            .AddSink(SummarySink, options.SummaryTopic, Serdes.String, new RegisteringProtobufSerde<ActivitySummary>(registry, ActivitySummary.Parser), Processor)
            .AddSink(MetricsSink, options.MetricsTopic, Serdes.String, new RegisteringProtobufSerde<WindowMetrics>(registry, WindowMetrics.Parser), Processor)
            .Build();
    }

    private static IProcessor<string, T> AsMessages<T>() where T : IMessage<T> =>
        new MapProcessor<string, T, string, IMessage>(r => r.With<string, IMessage>(r.Key, r.Value));
}
