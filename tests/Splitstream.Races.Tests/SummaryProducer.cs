using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Races.Tests;

/// <summary>Publishes activity summaries to activity.summary.v1 as the metrics topology does (keyed by activity id).</summary>
internal sealed class SummaryProducer : IAsyncDisposable
{
    private readonly IProducer<byte[], byte[]> producer;
    private readonly ProtobufSerializer<ActivitySummary> serializer;

    private SummaryProducer(IProducer<byte[], byte[]> producer, ProtobufSerializer<ActivitySummary> serializer)
    {
        this.producer = producer;
        this.serializer = serializer;
    }

    public static async Task<SummaryProducer> CreateAsync(EmbeddedPlatform platform) => new(
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, LingerMs = 0, EnableIdempotence = true }).Build(),
        await ProtobufSerializer<ActivitySummary>.CreateAsync(platform.Registry, Topics.ActivitySummary, ActivitySummary.Parser));

    public Task PublishAsync(ActivitySummary summary) => producer.ProduceAsync(Topics.ActivitySummary,
        new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(summary.ActivityId), Value = serializer.Serialize(summary) });

    public ValueTask DisposeAsync()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
