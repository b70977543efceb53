namespace Splitstream.ServiceDefaults;

/// <summary>The <c>Kafka</c> configuration section. An empty <see cref="BootstrapServers"/> means the embedded cluster.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    public string BootstrapServers { get; set; } = "";

    /// <summary>Partitions of the topics this deployment creates (DESIGN §2 default: 12).</summary>
    public int Partitions { get; set; } = 12;

    /// <summary>
    /// Retention (<c>retention.ms</c>) of the topics that are neither compacted nor kept forever (telemetry, windows,
    /// dead letters, notifications, repartition topics) when this deployment creates them on a real cluster.
    /// </summary>
    public TimeSpan TelemetryRetention { get; set; } = Splitstream.Schemas.TopicCatalog.DefaultTelemetryRetention;

    /// <summary>
    /// Only for a process that uses an embedded cluster owned by another process (child processes of a test suite): the
    /// owner's schema registry URL, through which topics are created, since the embedded cluster has no CreateTopics API.
    /// </summary>
    public string EmbeddedControlUrl { get; set; } = "";

    /// <summary>
    /// Only for a process that starts its own embedded cluster: where the cluster's archive lives (e.g. <c>.data/kafka</c>),
    /// so it survives restarts. Empty: memory only. `make run` (the AppHost) uses <c>AppHost:DataDirectory</c>/kafka.
    /// </summary>
    public string EmbeddedDataDirectory { get; set; } = "";

    /// <summary>Extra librdkafka properties for every client (security.protocol, sasl.*): never logged.</summary>
    public Dictionary<string, string> Config { get; set; } = [];

    /// <summary>
    /// Extra librdkafka properties for consumers only (e.g. <c>session.timeout.ms</c>), applied after <see cref="Config"/>,
    /// so producers do not warn about consumer properties they ignore: never logged.
    /// </summary>
    public Dictionary<string, string> ConsumerConfig { get; set; } = [];
}
