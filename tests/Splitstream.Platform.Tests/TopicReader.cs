using Confluent.Kafka;

namespace Splitstream.Platform.Tests;

/// <summary>Reads a record back from the embedded cluster as any consumer would (a group of its own, from the earliest offset).</summary>
internal static class TopicReader
{
    /// <summary>The value of the first record of <paramref name="topic"/>; throws after 60 s without one.</summary>
    public static byte[] ConsumeOne(EmbeddedPlatform platform, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record)
            {
                return record.Message.Value;
            }
        }
        throw new TimeoutException($"no record on {topic} within 60 s");
    }
}
