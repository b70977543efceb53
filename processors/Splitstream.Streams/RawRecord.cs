using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>An input record as bytes, before a source node decodes it: what a task buffers and what a dead letter carries.</summary>
public sealed record RawRecord(string Topic, int Partition, long Offset, long Timestamp, byte[]? Key, byte[]? Value, Headers? Headers)
{
    internal static RawRecord From(ConsumeResult<byte[], byte[]> result) => new(
        result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UnixTimestampMs,
        result.Message.Key, result.Message.Value, result.Message.Headers);
}
