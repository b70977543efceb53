using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// Creates topics on a real cluster with the Admin API, with the retention of their role (DESIGN §11): compacted topics
/// get cleanup.policy=compact, topics kept forever retention.ms=-1 and retention.bytes=-1, every other topic
/// retention.ms = <paramref name="telemetryRetention"/>. A topic that exists already is left as it is (an operator's
/// settings are theirs); <see cref="ConfigsOf"/> says what it should have.
/// </summary>
public sealed class AdminTopicProvisioner(string bootstrapServers, TimeSpan telemetryRetention, short replicationFactor = -1) : ITopicProvisioner
{
    public AdminTopicProvisioner(string bootstrapServers)
        : this(bootstrapServers, TopicCatalog.DefaultTelemetryRetention)
    {
    }

    /// <summary>The topic-level configuration a topic of this spec is created with.</summary>
    public static Dictionary<string, string> ConfigsOf(TopicSpec topic, TimeSpan telemetryRetention) =>
        topic.Compacted ? new() { ["cleanup.policy"] = "compact" }
        : topic.KeepForever ? new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["retention.bytes"] = "-1" }
        : new()
        {
            ["cleanup.policy"] = "delete",
            ["retention.ms"] = ((long)telemetryRetention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };

    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        if (telemetryRetention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(telemetryRetention), telemetryRetention, "Kafka:TelemetryRetention must be positive");
        }
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var specs = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = replicationFactor,
            Configs = ConfigsOf(t, telemetryRetention),
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
