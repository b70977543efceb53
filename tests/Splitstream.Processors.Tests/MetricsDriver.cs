using Google.Protobuf;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Tests;

/// <summary>
/// The activity-metrics topology on the test driver: pipes <see cref="InputRecord"/>s, moves the wall clock by the
/// summary interval, and keeps the latest summary per activity and the latest window per (activity, window start),
/// which is what the compacted summary topic and the upserting store end with.
/// </summary>
internal sealed class MetricsDriver : IDisposable
{
    public static readonly ISchemaRegistry Registry = new InMemorySchemaRegistry();

    private readonly ISerde<ActivityEvent> events;
    private readonly ISerde<GpsBatch> gps;
    private readonly ISerde<HeartRateBatch> heartRate;
    private readonly TestOutputTopic<string, ActivitySummary> summaryTopic;
    private readonly TestOutputTopic<string, WindowMetrics> windowTopic;

    private MetricsDriver(ActivityMetricsTopologyOptions options, TopologyTestDriver driver, ISerde<ActivityEvent> events, ISerde<GpsBatch> gps, ISerde<HeartRateBatch> heartRate)
    {
        Options = options;
        Driver = driver;
        this.events = events;
        this.gps = gps;
        this.heartRate = heartRate;
        summaryTopic = driver.CreateOutputTopic(options.SummaryTopic, Serdes.String, new RegisteringProtobufSerde<ActivitySummary>(Registry, ActivitySummary.Parser));
        windowTopic = driver.CreateOutputTopic(options.MetricsTopic, Serdes.String, new RegisteringProtobufSerde<WindowMetrics>(Registry, WindowMetrics.Parser));
    }

    public ActivityMetricsTopologyOptions Options { get; }

    public TopologyTestDriver Driver { get; }

    /// <summary>Every summary emitted, in order.</summary>
    public List<ActivitySummary> SummaryLog { get; } = [];

    /// <summary>Every window emitted, in order.</summary>
    public List<WindowMetrics> WindowLog { get; } = [];

    /// <param name="stateDir">The persistent stores' directory: another driver's to restart on its files (a temporary one by default).</param>
    public static async Task<MetricsDriver> CreateAsync(int partitions = 1, MetricsDriver? restoreFrom = null,
        Func<ActivityMetricsTopologyOptions, ActivityMetricsTopologyOptions>? configure = null, string? stateDir = null, long? wallClockStartMs = null)
    {
        var options = new ActivityMetricsTopologyOptions { Registry = Registry };
        options = configure?.Invoke(options) ?? options;
        var driver = new TopologyTestDriver(ActivityMetricsTopology.Build(options), partitions: partitions,
            wallClockStart: DateTimeOffset.FromUnixTimeMilliseconds(wallClockStartMs ?? GeneratedTelemetry.StartMs), restoreFrom: restoreFrom?.Driver, stateDir: stateDir);
        return new MetricsDriver(options, driver,
            await Serdes.ProtobufAsync(Registry, options.EventsTopic, ActivityEvent.Parser),
            await Serdes.ProtobufAsync(Registry, options.GpsTopic, GpsBatch.Parser),
            await Serdes.ProtobufAsync(Registry, options.HeartRateTopic, HeartRateBatch.Parser));
    }

    public void Pipe(InputRecord record)
    {
        var key = Serdes.String.Serialize(record.Key, "");
        switch (record.Kind)
        {
            case InputKind.Events:
                Driver.PipeRaw(Options.EventsTopic, key, events.Serialize((ActivityEvent)record.Value, Options.EventsTopic), record.Timestamp);
                break;
            case InputKind.Gps:
                Driver.PipeRaw(Options.GpsTopic, key, gps.Serialize((GpsBatch)record.Value, Options.GpsTopic), record.Timestamp);
                break;
            default:
                Driver.PipeRaw(Options.HeartRateTopic, key, heartRate.Serialize((HeartRateBatch)record.Value, Options.HeartRateTopic), record.Timestamp);
                break;
        }
    }

    /// <summary>Pipes every record, moving the wall clock one summary interval after each.</summary>
    public void PipeAll(IEnumerable<InputRecord> records)
    {
        foreach (var record in records)
        {
            Pipe(record);
            Tick();
        }
    }

    public void Tick(int intervals = 1)
    {
        for (var i = 0; i < intervals; i++)
        {
            Driver.AdvanceWallClockTime(Options.SummaryInterval);
        }
        SummaryLog.AddRange(summaryTopic.ReadRecords().Select(r => r.Value));
        WindowLog.AddRange(windowTopic.ReadRecords().Select(r => r.Value));
    }

    public Dictionary<string, ActivitySummary> LatestSummaries()
    {
        Tick(0);
        return SummaryLog.GroupBy(s => s.ActivityId).ToDictionary(g => g.Key, g => g.Last());
    }

    public ActivitySummary LatestSummary(string activityId) => LatestSummaries()[activityId];

    public Dictionary<(string Activity, long Start), WindowMetrics> LatestWindows()
    {
        Tick(0);
        return WindowLog.GroupBy(w => (w.ActivityId, w.WindowStartMs)).ToDictionary(g => g.Key, g => g.Last());
    }

    public IKeyValueStore<string, ActivityStateEntry> Store(int partition = 0) =>
        Driver.GetStateStore<IKeyValueStore<string, ActivityStateEntry>>(ActivityMetricsTopology.StateStore, partition);

    /// <summary>The activities whose outputs may not be final: those held in memory, which a restart re-emits.</summary>
    public IReadOnlyList<string> Unsettled(int partition = 0) =>
        [.. Driver.GetStateStore<IKeyValueStore<string, long>>(ActivityMetricsTopology.UnsettledStore, partition).All().Select(e => e.Key).Order()];

    public string ChangelogTopic => Topics.Changelog(Driver.ApplicationId, ActivityMetricsTopology.StateStore);

    public void Dispose() => Driver.Dispose();

    public static string Describe(IMessage message) => JsonFormatter.Default.Format(message);
}
