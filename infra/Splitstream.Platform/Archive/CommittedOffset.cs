namespace Splitstream.Platform.Archive;

/// <summary>A consumer group's committed offset of one partition, as the archive saves it.</summary>
public sealed record CommittedOffset(string Topic, int Partition, long Offset);
