namespace Splitstream.Replay;

/// <summary>How a partition's offset for a time was found.</summary>
public enum LocateMethod
{
    /// <summary>The partition holds no records.</summary>
    Empty,

    /// <summary>The broker's time index (ListOffsets by timestamp), on clusters that answer it.</summary>
    OffsetsForTimes,

    /// <summary>Binary search over offsets, reading one record per step.</summary>
    BinarySearch,

    /// <summary>Every record read (small partitions, or timestamps found out of order).</summary>
    Scan,
}
