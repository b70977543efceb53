using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Ingest.Tests;

/// <summary>Reads a topic from the beginning to its current end and decodes the records of one key with the wire-format deserializer.</summary>
public sealed class TopicReader(EmbeddedPlatform platform)
{
    public List<(string Key, T Value)> Read<T>(string topic, string key, MessageParser<T> parser) where T : IMessage<T>
    {
        var decoder = new ProtobufDeserializer<T>(platform.Registry, parser);
        return ReadRaw(topic)
            .Where(r => Encoding.UTF8.GetString(r.Message.Key) == key)
            .Select(r => (Encoding.UTF8.GetString(r.Message.Key), decoder.Deserialize(r)))
            .ToList();
    }

    public List<ConsumeResult<byte[], byte[]>> ReadRaw(string topic)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            GroupId = "ingest-tests-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            // Reading to the end of every partition: do not let empty partitions' fetches wait.
            FetchWaitMaxMs = 10,
        };
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = platform.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(partitions);
        var atEnd = new HashSet<int>();
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (atEnd.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
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
        Assert.True(atEnd.Count == partitions.Count, $"could not read {topic} to its end");
        return records;
    }
}
