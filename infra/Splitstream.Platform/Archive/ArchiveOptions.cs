namespace Splitstream.Platform.Archive;

/// <summary>Tuning of the embedded platform's archive (<see cref="PlatformArchive"/>); the defaults suit `make run`.</summary>
public sealed record ArchiveOptions
{
    /// <summary>
    /// Payload bytes each partition keeps on disk at least. The embedded cluster holds at most 5 MiB of a partition, so
    /// anything older than this much has left the cluster too; a restore re-creates those offsets as placeholders that
    /// the cluster drops again at once.
    /// </summary>
    public long KeepPayloadBytesPerPartition { get; init; } = 8L * 1024 * 1024;

    /// <summary>A segment file is closed and a new one begun beyond this size (old segments are what retention deletes).</summary>
    public long SegmentBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>The longest the archiver waits for more records before it fsyncs what it has (bounds the 202's extra delay).</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often consumer groups' committed offsets are saved (and once more on an orderly stop).</summary>
    public TimeSpan GroupSnapshotInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often retention looks for segments to delete.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromSeconds(30);
}
