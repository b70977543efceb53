using Confluent.Kafka;
using Splitstream.Platform;

namespace Splitstream.Fuzz.Tests;

/// <summary>End offsets of a topic's partitions, and every record written after such a snapshot (read to the end).</summary>
public sealed class TopicLog(EmbeddedPlatform platform)
{
    public Dictionary<int, long> EndOffsets(string topic)
    {
        using var consumer = NewConsumer();
        return Partitions(topic).ToDictionary(p => p, p =>
            consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    public List<ConsumeResult<byte[], byte[]>> ReadAfter(string topic, IReadOnlyDictionary<int, long> snapshot)
    {
        var ends = EndOffsets(topic);
        using var consumer = NewConsumer();
        var pending = ends.Where(e => e.Value > snapshot.GetValueOrDefault(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        consumer.Assign(pending.Keys.Select(p => new TopicPartitionOffset(topic, p, snapshot.GetValueOrDefault(p))));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); pending.Count > 0;)
        {
            Assert.True(DateTime.UtcNow < deadline, $"could not read {topic} to its end");
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }
            records.Add(record);
            if (record.Offset.Value + 1 >= pending.GetValueOrDefault(record.Partition.Value, long.MaxValue))
            {
                pending.Remove(record.Partition.Value);
            }
        }
        return records;
    }

    private List<int> Partitions(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = platform.BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
    }

    private IConsumer<byte[], byte[]> NewConsumer() => new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = platform.BootstrapServers,
        GroupId = "fuzz-reader-" + Guid.NewGuid().ToString("N"),
        EnableAutoCommit = false,
        FetchWaitMaxMs = 10,
    }).Build();
}
