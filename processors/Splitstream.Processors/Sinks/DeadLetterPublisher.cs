using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Processors.Sinks;

/// <summary>
/// Sends records a sink cannot decode to telemetry.dlq.v1 with their original key and bytes and headers naming the
/// reason and the source coordinates (DESIGN §2), and waits for the acknowledgement, so the sink may then move past them.
/// </summary>
public sealed class DeadLetterPublisher(KafkaClients clients) : IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> producer = new(() =>
        new ProducerBuilder<byte[], byte[]>(clients.Producer("splitstream-sinks-dlq")).Build());

    public async Task PublishAsync(ConsumeResult<byte[], byte[]> record, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers
        {
            { "reason", Encoding.UTF8.GetBytes(reason) },
            { "source-topic", Encoding.UTF8.GetBytes(record.Topic) },
            { "source-partition", Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { "source-offset", Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        await producer.Value.ProduceAsync(Topics.DeadLetter,
            new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers }, cancellationToken);
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
