using Confluent.Kafka;
using Splitstream.Schemas;

namespace Splitstream.Streams.Tests;

/// <summary>
/// What the record collector makes of a send the producer refuses at once: fatal for the runtime when the producer can
/// send nothing there (so a task never dead-letters its input over it), the record's own error when it is too large.
/// </summary>
public sealed class RecordCollectorTests(StreamsPlatformFixture fixture) : IClassFixture<StreamsPlatformFixture>
{
    [Fact]
    public void A_send_the_producer_refuses_for_any_record_is_fatal_for_the_runtime()
    {
        var topic = "collector-" + Guid.NewGuid().ToString("N")[..8];
        fixture.Platform.Cluster.CreateTopic(new TopicSpec(topic, 2, Compacted: false));
        using var producer = Producer();
        var collector = new KafkaRecordCollector(producer);
        // A first record learns the topic's metadata (two partitions); partition 7 then does not exist.
        collector.Send(topic, 0, [1], [1], 0, null);
        collector.FlushAndCheck(() => false);

        var refused = Assert.Throws<StreamsFatalException>(() => collector.Send(topic, 7, [1], [1], 0, null));

        var cause = Assert.IsType<ProduceException<byte[]?, byte[]?>>(refused.InnerException);
        Assert.Equal(ErrorCode.Local_UnknownPartition, cause.Error.Code);
        Assert.Contains(topic, refused.Message);
    }

    [Fact]
    public void A_record_too_large_to_send_stays_that_records_error()
    {
        var topic = "collector-" + Guid.NewGuid().ToString("N")[..8];
        fixture.Platform.Cluster.CreateTopic(new TopicSpec(topic, 2, Compacted: false));
        using var producer = Producer(messageMaxBytes: 10_000);
        var collector = new KafkaRecordCollector(producer);

        var tooLarge = Assert.Throws<ProduceException<byte[]?, byte[]?>>(() => collector.Send(topic, 0, [1], new byte[20_000], 0, null));

        Assert.Equal(ErrorCode.MsgSizeTooLarge, tooLarge.Error.Code);
        collector.Send(topic, 0, [1], [1], 0, null);
        collector.FlushAndCheck(() => false);
    }

    private IProducer<byte[]?, byte[]?> Producer(int? messageMaxBytes = null) =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = fixture.Platform.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 0,
            MessageMaxBytes = messageMaxBytes,
        }).Build();
}
