using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Processors.Sinks;

/// <summary>
/// Sends records a sink cannot decode to telemetry.dlq.v1 with their original key and bytes and headers plus the
/// <see cref="DeadLetterHeaders"/> (DESIGN §11), and waits for the acknowledgement, so the sink may then move past them.
/// </summary>
public sealed class DeadLetterPublisher(KafkaClients clients) : IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> producer = new(() =>
        new ProducerBuilder<byte[], byte[]>(clients.Producer("splitstream-sinks-dlq")).Build());

    public async Task PublishAsync(ConsumeResult<byte[], byte[]> record, string reason, CancellationToken cancellationToken)
    {
        var headers = DeadLetterHeaders.Build(reason, record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Headers);
        await producer.Value.ProduceAsync(Topics.DeadLetter,
            new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers }, cancellationToken);
        SplitstreamTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("source_topic", record.Topic),
            new KeyValuePair<string, object?>("component", "sink"));
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
