namespace Splitstream.Schemas;

/// <summary>A record whose value could not be decoded, with the coordinates a dead-letter entry needs.</summary>
public sealed class RecordDecodeException(string topic, int partition, long offset, string reason, Exception? inner = null)
    : Exception($"cannot decode {topic}[{partition}]@{offset}: {reason}", inner)
{
    public string Topic { get; } = topic;
    public int Partition { get; } = partition;
    public long Offset { get; } = offset;
    public string Reason { get; } = reason;
}
