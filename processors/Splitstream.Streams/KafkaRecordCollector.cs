using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>
/// Sends through the runtime's one idempotent producer and remembers the first failed delivery, so a commit can wait
/// for every acknowledgement and refuse to commit input offsets when anything was not written.
/// </summary>
internal sealed class KafkaRecordCollector : IRecordCollector
{
    private readonly IProducer<byte[]?, byte[]?> producer;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>> onDelivery;
    private volatile Error? failure;

    public KafkaRecordCollector(IProducer<byte[]?, byte[]?> producer)
    {
        this.producer = producer;
        onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                failure ??= report.Error;
            }
        };
    }

    public void Send(string topic, int? partition, byte[]? key, byte[]? value, long timestamp, Headers? headers)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime), Headers = headers };
        while (true)
        {
            try
            {
                if (partition is { } p)
                {
                    producer.Produce(new TopicPartition(topic, p), message, onDelivery);
                }
                else
                {
                    producer.Produce(topic, message, onDelivery);
                }
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: serve delivery reports until the local queue has room.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>Waits until every record sent so far is acknowledged; throws if any was not.</summary>
    public void FlushAndCheck(Func<bool> abandoned)
    {
        while (producer.Flush(TimeSpan.FromMilliseconds(100)) > 0)
        {
            if (abandoned())
            {
                return;
            }
        }
        if (failure is { } error)
        {
            throw new StreamsFatalException($"a record was not acknowledged: {error.Code} {error.Reason}");
        }
    }
}
