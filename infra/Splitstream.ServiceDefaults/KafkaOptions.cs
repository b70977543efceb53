namespace Splitstream.ServiceDefaults;

/// <summary>The <c>Kafka</c> configuration section. An empty <see cref="BootstrapServers"/> means the embedded cluster.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    public string BootstrapServers { get; set; } = "";

    /// <summary>Partitions of the topics this deployment creates (DESIGN §2 default: 12).</summary>
    public int Partitions { get; set; } = 12;

    /// <summary>
    /// Only for a process that uses an embedded cluster owned by another process (child processes of a test suite): the
    /// owner's schema registry URL, through which topics are created, since the embedded cluster has no CreateTopics API.
    /// </summary>
    public string EmbeddedControlUrl { get; set; } = "";

    /// <summary>Extra librdkafka properties for every client (security.protocol, sasl.*): never logged.</summary>
    public Dictionary<string, string> Config { get; set; } = [];
}
