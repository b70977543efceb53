using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Splitstream.ServiceDefaults;

/// <summary>Builds client configurations from <see cref="KafkaOptions"/>: one place that knows the bootstrap and security settings.</summary>
public sealed class KafkaClients(IOptions<KafkaOptions> options)
{
    public string BootstrapServers => options.Value.BootstrapServers;

    public int Partitions => options.Value.Partitions;

    /// <summary>Idempotent producer, acks=all: a record acknowledged is durably in the log, exactly once per send.</summary>
    public ProducerConfig Producer(string clientId) => Apply(new ProducerConfig
    {
        ClientId = clientId,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
        CompressionType = CompressionType.Lz4,
    });

    public ConsumerConfig Consumer(string groupId, string clientId)
    {
        var config = Apply(new ConsumerConfig
        {
            GroupId = groupId,
            ClientId = clientId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        });
        foreach (var (key, value) in options.Value.ConsumerConfig)
        {
            config.Set(key, value);
        }
        return config;
    }

    public AdminClientConfig Admin(string clientId) => Apply(new AdminClientConfig { ClientId = clientId });

    private T Apply<T>(T config) where T : ClientConfig
    {
        config.BootstrapServers = options.Value.BootstrapServers;
        foreach (var (key, value) in options.Value.Config)
        {
            config.Set(key, value);
        }
        return config;
    }
}
