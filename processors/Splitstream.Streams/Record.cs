using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>
/// A record flowing through a topology: key, value, event timestamp (epoch ms) and headers, plus the coordinates of the
/// input record it came from (so late-record logs and dead letters can name topic/partition/offset).
/// </summary>
public sealed record Record<TKey, TValue>(TKey Key, TValue Value, long Timestamp)
{
    public Headers? Headers { get; init; }

    public string Topic { get; init; } = "";

    public int Partition { get; init; } = -1;

    public long Offset { get; init; } = -1;

    /// <summary>The same record context (timestamp, headers, source coordinates) with a new key and value.</summary>
    public Record<TKey2, TValue2> With<TKey2, TValue2>(TKey2 key, TValue2 value) =>
        new(key, value, Timestamp) { Headers = Headers, Topic = Topic, Partition = Partition, Offset = Offset };

    public Record<TKey, TValue> WithTimestamp(long timestamp) => this with { Timestamp = timestamp };
}
