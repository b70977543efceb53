using System.Text.Json;
using Confluent.Kafka;

namespace Splitstream.Replay;

/// <summary>Where the cluster (and the schema registry, for re-runs) is: from <c>--bootstrap</c> or <c>.data/run.json</c>.</summary>
public sealed record ReplayConnection(string BootstrapServers, string? SchemaRegistryUrl = null, string? EmbeddedControlUrl = null)
{
    /// <summary>Extra librdkafka properties (security settings); never printed.</summary>
    public IReadOnlyDictionary<string, string> Kafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads <c>kafka_bootstrap</c> and <c>schema_registry_url</c> of a running <c>make run</c> (DESIGN §1).</summary>
    public static ReplayConnection FromRunInfo(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no --bootstrap given and {path} not found (is `make run` up?)", path);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var bootstrap = root.TryGetProperty("kafka_bootstrap", out var b) ? b.GetString() : null;
        if (string.IsNullOrEmpty(bootstrap))
        {
            throw new InvalidDataException($"{path} has no kafka_bootstrap");
        }
        var registry = root.TryGetProperty("schema_registry_url", out var r) ? r.GetString() : null;
        var control = root.TryGetProperty("embedded_control_url", out var c) ? c.GetString() : null;
        return new ReplayConnection(bootstrap, string.IsNullOrEmpty(registry) ? null : registry, string.IsNullOrEmpty(control) ? null : control);
    }

    /// <summary>A reader's configuration: no group membership, no commits (the group id only names the client).</summary>
    public ConsumerConfig Consumer(string purpose)
    {
        var config = new ConsumerConfig(Kafka.ToDictionary())
        {
            BootstrapServers = BootstrapServers,
            GroupId = $"splitstream-replay-{purpose}-{Guid.NewGuid():N}",
            ClientId = $"splitstream-replay-{purpose}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Reading ranges to their ends: don't let an idle partition's fetch wait long.
            FetchWaitMaxMs = 20,
        };
        return config;
    }

    public AdminClientConfig Admin() => new(Kafka.ToDictionary()) { BootstrapServers = BootstrapServers, ClientId = "splitstream-replay-admin" };
}
