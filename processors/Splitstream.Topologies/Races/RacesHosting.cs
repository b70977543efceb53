using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>Registers the race router and the race standings topologies (section <c>Races</c>; <c>Races:Enabled=false</c> turns them off).</summary>
public static class RacesHosting
{
    public static IHostApplicationBuilder AddRaceStandings(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RaceStandingsOptions.Section);
        if (!section.GetValue("Enabled", true))
        {
            return builder;
        }
        var options = section.Get<RaceStandingsOptions>() ?? RaceStandingsOptions.Default;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IHostedService>(sp => Create(sp, options.RouterApplicationId,
            ct => RaceRouterTopology.BuildAsync(sp.GetRequiredService<ISchemaRegistry>(), options, ct)));
        builder.Services.AddSingleton<IHostedService>(sp => Create(sp, options.StandingsApplicationId,
            ct => RaceStandingsTopology.BuildAsync(sp.GetRequiredService<ISchemaRegistry>(), options, ct)));
        return builder;

        RaceTopologyService Create(IServiceProvider sp, string applicationId, Func<CancellationToken, Task<Topology>> build)
        {
            var kafka = sp.GetRequiredService<KafkaClients>();
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value.Config;
            var config = new StreamsConfig
            {
                ApplicationId = applicationId,
                BootstrapServers = kafka.BootstrapServers,
                ClientId = $"{applicationId}-{Environment.ProcessId}",
                Kafka = settings,
                ConsumerKafka = ShortFetchWait.UnlessSet(settings),
            };
            TopicSpec[] topics =
            [
                new(options.ByRaceTopic, kafka.Partitions, Compacted: false),
                new(options.StandingsTopic, kafka.Partitions, Compacted: true),
                new(options.RacesTopic, kafka.Partitions, Compacted: true),
            ];
            return new RaceTopologyService(build, config, topics, sp.GetRequiredService<ITopicProvisioner>(),
                sp.GetRequiredService<ILogger<KafkaStreamsRuntime>>());
        }
    }
}
