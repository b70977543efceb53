namespace Splitstream.Platform.Archive;

/// <summary>One segment file of a partition's archive: the records from <see cref="BaseOffset"/> up to (excluding) <see cref="NextOffset"/>.</summary>
internal sealed class ArchiveSegment(string path, long baseOffset)
{
    public string Path { get; } = path;

    public long BaseOffset { get; } = baseOffset;

    public long NextOffset { get; set; } = baseOffset;

    public long FileBytes { get; set; }

    public long PayloadBytes { get; set; }
}
