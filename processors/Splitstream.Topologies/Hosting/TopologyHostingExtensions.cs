using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Processors.Hosting;

/// <summary>
/// The one way the processors host runs a topology: a <see cref="StreamsHostedService"/> (supervised, replaced on
/// failure) whose runtime is made from the host's Kafka settings, registry and topic provisioner.
/// </summary>
public static class TopologyHostingExtensions
{
    /// <summary>Where the processors keep the local state of their topologies (default <c>.data/state</c>).</summary>
    public const string StateDirKey = "Processors:StateDir";

    /// <summary>
    /// Registers the topology as a keyed singleton <see cref="StreamsHostedService"/> (key: its application id, for
    /// metrics and tests) that is also a hosted service.
    /// </summary>
    public static IServiceCollection AddTopology(this IServiceCollection services, HostedTopology topology)
    {
        services.AddKeyedSingleton(topology.ApplicationId, (sp, _) => new StreamsHostedService(topology.ApplicationId,
            cancellationToken => CreateRuntimeAsync(sp, topology, cancellationToken),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<StreamsHostedService>()));
        // Not AddHostedService: it dedupes by implementation type, and every topology is a StreamsHostedService.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<StreamsHostedService>(topology.ApplicationId));
        return services;
    }

    private static async Task<KafkaStreamsRuntime> CreateRuntimeAsync(IServiceProvider sp, HostedTopology topology, CancellationToken cancellationToken)
    {
        var clients = sp.GetRequiredService<KafkaClients>();
        var kafkaOptions = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var kafka = kafkaOptions.Config;
        // The deployment's consumer-only settings come last: a fetch wait named there (or in Kafka:Config) wins over the short one.
        var consumerKafka = new Dictionary<string, string>(topology.LowLatencyFetch ? ShortFetchWait.UnlessSet(kafka) : new Dictionary<string, string>());
        foreach (var (key, value) in kafkaOptions.ConsumerConfig)
        {
            consumerKafka[key] = value;
        }
        var provisioner = sp.GetRequiredService<ITopicProvisioner>();
        await provisioner.EnsureTopicsAsync(topology.Topics(clients.Partitions), cancellationToken);
        var built = await topology.Build(sp.GetRequiredService<ISchemaRegistry>(), cancellationToken);
        var config = new StreamsConfig
        {
            ApplicationId = topology.ApplicationId,
            BootstrapServers = clients.BootstrapServers,
            ClientId = $"{topology.ApplicationId}-{Environment.ProcessId}",
            StateDir = topology.StateDir ?? sp.GetRequiredService<IConfiguration>()[StateDirKey] ?? Path.Combine(".data", "state"),
            Kafka = kafka,
            ConsumerKafka = consumerKafka,
        };
        if (topology.CommitInterval is { } commitInterval)
        {
            config = config with { CommitInterval = commitInterval };
        }
        return new KafkaStreamsRuntime(built, config, provisioner, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaStreamsRuntime>());
    }
}
