using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Replay.Tests;

/// <summary>Creates a test's own copy of a topic (<c>&lt;topic&gt;.t&lt;id&gt;</c>, decoded like the original) and produces records with chosen timestamps.</summary>
public sealed class TestTopics(EmbeddedPlatform platform) : IDisposable
{
    private readonly IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = platform.BootstrapServers,
        EnableIdempotence = true,
        LingerMs = 2,
    }).Build();

    public string Create(string baseTopic, int partitions = 4)
    {
        var name = $"{baseTopic}.t{Guid.NewGuid():N}"[..(baseTopic.Length + 14)];
        platform.Cluster.CreateTopic(new TopicSpec(name, partitions, Compacted: false));
        return name;
    }

    public async Task<DeliveryResult<byte[], byte[]>> ProduceAsync<T>(string topic, string key, T message, long timestampMs, int? partition = null)
        where T : IMessage<T>, new()
    {
        var serializer = await ProtobufSerializer<T>.CreateAsync(platform.Registry, topic, new MessageParser<T>(() => new T()));
        return await ProduceRawAsync(topic, key, serializer.Serialize(message), timestampMs, partition);
    }

    public Task<DeliveryResult<byte[], byte[]>> ProduceRawAsync(string topic, string key, byte[] value, long timestampMs, int? partition = null)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = System.Text.Encoding.UTF8.GetBytes(key),
            Value = value,
            Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
        };
        return partition is { } p ? producer.ProduceAsync(new TopicPartition(topic, p), message) : producer.ProduceAsync(topic, message);
    }

    /// <summary>Every record of a topic, read to the end (the brute-force reference).</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            GroupId = "replay-tests-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = platform.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var atEnd = new HashSet<int>();
        var records = new List<ConsumeResult<byte[], byte[]>>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); atEnd.Count < partitions.Count;)
        {
            Assert.True(DateTime.UtcNow < deadline, $"could not read {topic} to its end");
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
            {
                continue;
            }
            if (record.IsPartitionEOF)
            {
                atEnd.Add(record.Partition.Value);
                continue;
            }
            records.Add(record);
        }
        return records;
    }

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }
}
