using System.Reflection;
using Splitstream.Geo;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Replay;

/// <summary>
/// The activity-metrics topology (processors/Splitstream.Topologies/Metrics) as a re-run: events, GPS and heart rate
/// into <c>activity.summary.v1.&lt;suffix&gt;</c> and <c>activity.metrics.v1.&lt;suffix&gt;</c>. Settings:
/// <c>Metrics:&lt;parameter of ActivityMetricsOptions.Of&gt;</c> (the fold's rules, e.g.
/// <c>Metrics:DistanceModel=Haversine</c>, <c>Metrics:AutoPauseAfter=20s</c>) and the topology's own
/// <c>SummaryInterval</c>, <c>WindowGrace</c>, <c>FinishedRetention</c>, <c>AbandonedAfter</c>. Without settings it is exactly the production topology.
/// </summary>
public sealed class ActivityMetricsRerun : IRerunnableTopology
{
    private static readonly MethodInfo MetricsFactory = typeof(ActivityMetricsOptions).GetMethod(nameof(ActivityMetricsOptions.Of))!;

    private static readonly Dictionary<string, Func<ActivityMetricsTopologyOptions, TimeSpan, ActivityMetricsTopologyOptions>> Durations =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(ActivityMetricsTopologyOptions.SummaryInterval)] = (o, v) => o with { SummaryInterval = v },
            [nameof(ActivityMetricsTopologyOptions.WindowGrace)] = (o, v) => o with { WindowGrace = v },
            [nameof(ActivityMetricsTopologyOptions.FinishedRetention)] = (o, v) => o with { FinishedRetention = v },
            [nameof(ActivityMetricsTopologyOptions.AbandonedAfter)] = (o, v) => o with { AbandonedAfter = v },
        };

    public string Name => "activity-metrics";

    public string LiveApplicationId => new ActivityMetricsSettings().ApplicationId;

    public IReadOnlyList<string> InputTopics => [Topics.ActivityEvents, Topics.Gps, Topics.HeartRate];

    public IReadOnlyList<string> SettingKeys => [.. SettingsBinder.Keys(MetricsFactory, "Metrics"), .. Durations.Keys];

    public IReadOnlyList<TopicSpec> OutputTopics(int partitions) =>
        [.. TopicCatalog.All(partitions).Where(t => t.Name is Topics.ActivitySummary or Topics.ActivityMetrics)];

    public Topology Build(ISchemaRegistry registry, Func<string, string> outputName, IReadOnlyDictionary<string, string> settings)
    {
        var options = new ActivityMetricsTopologyOptions
        {
            Registry = registry,
            Metrics = SettingsBinder.Bind<ActivityMetricsOptions>(MetricsFactory, "Metrics", settings),
            SummaryTopic = outputName(Topics.ActivitySummary),
            MetricsTopic = outputName(Topics.ActivityMetrics),
        };
        foreach (var (key, value) in settings.Where(s => !s.Key.StartsWith("Metrics:", StringComparison.OrdinalIgnoreCase)))
        {
            options = Durations.TryGetValue(key, out var apply)
                ? apply(options, SettingsBinder.ParseDuration(value))
                : throw new ArgumentException($"unknown setting {key}; known: {string.Join(", ", SettingKeys)}");
        }
        try
        {
            return ActivityMetricsTopology.Build(options);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
