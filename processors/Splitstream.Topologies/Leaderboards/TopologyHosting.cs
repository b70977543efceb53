using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// Hosts a topology of this project in the processors host: its topics are ensured first (the repartition and goal
/// topics are in <see cref="TopicCatalog"/>, which the embedded platform creates at start; a real cluster gets them
/// here), then a <see cref="KafkaStreamsRuntime"/> runs it in its own consumer group (the application id).
/// </summary>
public static class TopologyHosting
{
    public static IServiceCollection AddTopology(this IServiceCollection services, string applicationId, IReadOnlyList<string> topics,
        Func<ISchemaRegistry, Task<Topology>> build)
    {
        // Not AddHostedService: it dedupes by implementation type, and every topology is a StreamsHostedService.
        services.AddSingleton<IHostedService>(sp => new StreamsHostedService(() =>
        {
            var clients = sp.GetRequiredService<KafkaClients>();
            var provisioner = sp.GetRequiredService<ITopicProvisioner>();
            provisioner.EnsureTopicsAsync(TopicCatalog.All(clients.Partitions).Where(t => topics.Contains(t.Name))).GetAwaiter().GetResult();
            var topology = build(sp.GetRequiredService<ISchemaRegistry>()).GetAwaiter().GetResult();
            return new KafkaStreamsRuntime(topology, new StreamsConfig
            {
                ApplicationId = applicationId,
                BootstrapServers = clients.BootstrapServers,
                ClientId = $"{applicationId}-{Environment.ProcessId}",
                Kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value.Config,
            }, provisioner, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaStreamsRuntime>());
        }, sp.GetRequiredService<ILoggerFactory>().CreateLogger<StreamsHostedService>()));
        return services;
    }
}
