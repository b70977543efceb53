using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Streams.Demo;

/// <summary>
/// The runtime's test vehicle: counts distinct samples per activity (GPS and heart rate, deduplicated by (activity,
/// kind, time) in a changelogged store) and per activity and 1-minute tumbling window. Outputs are keyed upserts, so
/// replays after a crash or a rebalance leave the latest value per key unchanged. A sample later than its window's
/// close is counted in the total, not in the window, and reported as late (DESIGN §4's rule for summaries).
/// </summary>
public static class SampleCountTopology
{
    public const string SeenStore = "seen-samples";
    public const string CountStore = "sample-counts";
    public const string WindowStore = "minute-counts";

    public static Topology Build(ISchemaRegistry registry, SampleCountOptions options)
    {
        var windows = TimeWindows.Of(TimeSpan.FromMinutes(1), options.Grace);
        return new TopologyBuilder()
            .AddSource("gps-source", Serdes.String, Serdes.ProtobufReader(registry, GpsBatch.Parser), options.GpsTopic)
            .AddSource("hr-source", Serdes.String, Serdes.ProtobufReader(registry, HeartRateBatch.Parser), options.HeartRateTopic)
            .AddProcessor("gps-times", () => new MapProcessor<string, GpsBatch, string, SampleBatch>(r =>
                r.With(r.Key, new SampleBatch("gps", r.Value.Samples.Select(s => s.TimeMs).ToList()))), "gps-source")
            .AddProcessor("hr-times", () => new MapProcessor<string, HeartRateBatch, string, SampleBatch>(r =>
                r.With(r.Key, new SampleBatch("hr", r.Value.Samples.Select(s => s.TimeMs).ToList()))), "hr-source")
            .AddProcessor("count", () => new SampleCounter(), "gps-times", "hr-times")
            .AddStateStore(Stores.KeyValue(SeenStore, Serdes.String, Serdes.Int64), "count")
            .AddStateStore(Stores.KeyValue(CountStore, Serdes.String, Serdes.Int64), "count")
            .AddStateStore(Stores.Window(WindowStore, windows, Serdes.String, Serdes.Int64), "count")
            .AddSink("counts-sink", options.CountsTopic, Serdes.String, Serdes.Int64, "count")
            .AddSink("windows-sink", options.WindowCountsTopic, Serdes.String, Serdes.Int64, "count")
            .Build();
    }

    /// <summary>The key of a window count on the windows topic: activity id and window start.</summary>
    public static string WindowKey(string activityId, long windowStart) => $"{activityId}@{windowStart}";
}
