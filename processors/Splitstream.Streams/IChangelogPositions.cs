namespace Splitstream.Streams;

/// <summary>What a record collector knows about the changelog records it wrote: the newest acknowledged one per partition.</summary>
internal interface IChangelogPositions
{
    /// <summary>Starts keeping the position of a changelog topic's partitions.</summary>
    void Track(string topic);

    /// <summary>The position after the newest acknowledged record of this run in a tracked partition; false when none was.</summary>
    bool TryGetAcknowledged(string topic, int partition, out ChangelogPosition position);
}
