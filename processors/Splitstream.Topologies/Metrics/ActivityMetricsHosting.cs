using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Processors.Metrics;

/// <summary>Hosts the activity-metrics topology in a service (the processors host and <c>make run</c>).</summary>
public static class ActivityMetricsHosting
{
    /// <summary>The service key of the topology's <see cref="StreamsHostedService"/> (its runtime's metrics and tasks).</summary>
    public const string ServiceKey = "activity-metrics";

    /// <summary>Where the processors keep the local state of persistent stores (default <c>.data/state</c>).</summary>
    public const string StateDirKey = "Processors:StateDir";

    public static IHostApplicationBuilder AddActivityMetricsTopology(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ActivityMetricsSettings.Section).Get<ActivityMetricsSettings>() ?? new ActivityMetricsSettings();
        var stateDir = settings.StateDir ?? builder.Configuration[StateDirKey] ?? Path.Combine(".data", "state");
        if (!settings.Enabled)
        {
            return builder;
        }
        builder.Services.AddKeyedSingleton(ServiceKey, (sp, _) => new StreamsHostedService(() =>
        {
            var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            return new KafkaStreamsRuntime(
                ActivityMetricsTopology.Build(new ActivityMetricsTopologyOptions
                {
                    Registry = sp.GetRequiredService<ISchemaRegistry>(),
                    SummaryInterval = settings.SummaryInterval,
                }),
                new StreamsConfig
                {
                    ApplicationId = settings.ApplicationId,
                    BootstrapServers = sp.GetRequiredService<KafkaClients>().BootstrapServers,
                    ClientId = $"{settings.ApplicationId}-{Environment.ProcessId}",
                    CommitInterval = settings.CommitInterval,
                    StateDir = stateDir,
                    Kafka = kafka.Config,
                    // Summaries feed the race standings (< 1 s end to end): no idle fetch may hang for 500 ms.
                    ConsumerKafka = ShortFetchWait.UnlessSet(kafka.Config),
                },
                sp.GetRequiredService<ITopicProvisioner>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaStreamsRuntime>());
        }, sp.GetRequiredService<ILoggerFactory>().CreateLogger<StreamsHostedService>()));
        // Not AddHostedService: it dedupes by implementation type, and other topologies are StreamsHostedServices too.
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<StreamsHostedService>(ServiceKey));
        return builder;
    }
}
