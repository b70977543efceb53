namespace Splitstream.Replay;

/// <summary>Offsets [Start, End) of one partition to read.</summary>
public sealed record PartitionRange(string Topic, int Partition, long Start, long End)
{
    public long Count => Math.Max(0, End - Start);
}
