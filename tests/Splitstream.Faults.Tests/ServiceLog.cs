namespace Splitstream.Faults.Tests;

/// <summary>
/// Log lines of the services (at Warning and above, as the suite runs them) that show a fault reached them; each
/// <see cref="ServiceProcess"/> counts the lines holding each of these over its whole life, every restart included.
/// </summary>
internal static class ServiceLog
{
    /// <summary>A sink's store write failed and is retried (BatchingSink).</summary>
    public const string StoreWriteRetry = "failed (attempt";

    /// <summary>A streams runtime failed and its host replaces it (StreamsHostedService).</summary>
    public const string RuntimeReplaced = "Streams runtime failed; replacing it";

    /// <summary>A Kafka client's error event: the gateway's producer and registry consumer, the sinks' consumers.</summary>
    public const string KafkaProducerError = "producer error";

    /// <summary>See <see cref="KafkaProducerError"/>.</summary>
    public const string KafkaConsumerError = "consumer error";

    public static readonly IReadOnlyList<string> Counted = [StoreWriteRetry, RuntimeReplaced, KafkaProducerError, KafkaConsumerError];
}
