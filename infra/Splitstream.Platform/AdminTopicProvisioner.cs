using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>Creates topics on a real cluster with the Admin API; compacted topics get cleanup.policy=compact.</summary>
public sealed class AdminTopicProvisioner(string bootstrapServers, short replicationFactor = -1) : ITopicProvisioner
{
    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var specs = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = replicationFactor,
            Configs = t.Compacted ? new Dictionary<string, string> { ["cleanup.policy"] = "compact" } : null,
        }).ToList();
        if (specs.Count == 0)
        {
            return;
        }
        try
        {
            await admin.CreateTopicsAsync(specs);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Topics that exist already are what we wanted.
        }
    }
}
