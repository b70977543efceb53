namespace Splitstream.Replay;

/// <summary>The first offset of a partition whose record timestamp is at or after a time (the end offset when none is), and how it was found.</summary>
public sealed record PartitionOffset(int Partition, long Offset, LocateMethod Method, int RecordsRead);
