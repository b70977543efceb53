namespace Splitstream.Schemas;

/// <summary>A topic the platform creates: name, partition count and whether it is compacted (latest value per key wins).</summary>
public sealed record TopicSpec(string Name, int Partitions, bool Compacted);
