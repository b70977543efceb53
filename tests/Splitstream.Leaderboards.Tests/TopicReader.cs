using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Leaderboards.Tests;

/// <summary>Reads a topic of the embedded cluster from the beginning, decoded, until a condition holds or the time is up.</summary>
internal static class TopicReader
{
    public static List<(string Key, T Value)> ReadUntil<T>(EmbeddedPlatform platform, string topic, MessageParser<T> parser,
        Func<List<(string Key, T Value)>, bool> done, TimeSpan timeout) where T : IMessage<T>
    {
        var deserializer = new ProtobufDeserializer<T>(platform.Registry, parser);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var records = new List<(string, T)>();
        var deadline = DateTime.UtcNow + timeout;
        while (!done(records) && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message.Value: not null } result)
            {
                records.Add((result.Message.Key, deserializer.Deserialize(result.Message.Value, result.Topic, result.Partition.Value, result.Offset.Value)));
            }
        }
        consumer.Close();
        return records;
    }
}
