using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>Where sinks, changelogs and dead letters send records: the runtime's producer, or the test driver's memory.</summary>
public interface IRecordCollector
{
    /// <summary>Queues a record; <paramref name="partition"/> null lets the producer partition by key.</summary>
    void Send(string topic, int? partition, byte[]? key, byte[]? value, long timestamp, Headers? headers);
}
