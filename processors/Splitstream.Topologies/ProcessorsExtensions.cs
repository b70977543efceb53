using Microsoft.Extensions.Options;
using Splitstream.Processors.Metrics;
using Splitstream.Processors.Leaderboards;
using Splitstream.Processors.Notifications;
using Splitstream.Processors.Races;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Processors;

/// <summary>Composition of the stream processors, shared by their own Program.cs and the all-in-one host.</summary>
public static class ProcessorsExtensions
{
    public static IHostApplicationBuilder AddProcessors(this IHostApplicationBuilder builder)
    {
        builder.AddSplitstreamStore(ServiceDefaultsExtensions.ReadyTag);
        builder.Services.Configure<SinkOptions>(builder.Configuration.GetSection(SinkOptions.Section));
        var enabled = builder.Configuration.GetValue($"{SinkOptions.Section}:{nameof(SinkOptions.Enabled)}", true);
        if (enabled)
        {
            builder.Services.AddSingleton<DeadLetterPublisher>();
            // Not AddHostedService: it dedupes by implementation type, and both sinks are BatchingSinks.
            builder.Services.AddSingleton<IHostedService>(sp => Create(sp, SinkFactory.PointSeries));
            builder.Services.AddSingleton<IHostedService>(sp => Create(sp, SinkFactory.ActivityRecords));
        }
        builder.AddActivityMetricsTopology();
        builder.AddLeaderboardsAndGoals();
        builder.AddRaceStandings();
        builder.AddNotifications();
        builder.Services.AddConsumerLagMonitor(ProcessorConsumerGroups.Of(builder.Configuration));
        return builder;
    }

    private static BatchingSink Create(IServiceProvider sp,
        Func<SinkOptions, ISplitstreamStore, ISchemaRegistry, KafkaClients, DeadLetterPublisher, ILoggerFactory, BatchingSink> factory) =>
        factory(sp.GetRequiredService<IOptions<SinkOptions>>().Value, sp.GetRequiredService<ISplitstreamStore>(),
            sp.GetRequiredService<ISchemaRegistry>(), sp.GetRequiredService<KafkaClients>(),
            sp.GetRequiredService<DeadLetterPublisher>(), sp.GetRequiredService<ILoggerFactory>());
}
