using System.Globalization;

namespace Splitstream.Platform.Archive;

/// <summary>
/// The durable copy of one partition: segment files <c>&lt;base offset&gt;.log</c> in the partition's directory, appended
/// in offset order and fsync'd by <see cref="Flush"/>. Offsets the archive never saw (before its first record, or a gap)
/// are restored as placeholders, so restored offsets equal the original ones. Not thread-safe: one writer (the archiver).
/// </summary>
internal sealed class PartitionArchive : IDisposable
{
    private readonly string directory;
    private readonly long segmentBytes;
    private readonly List<ArchiveSegment> segments = [];
    private FileStream? writer;
    private bool dirty;

    private PartitionArchive(string topic, int partition, string directory, long segmentBytes)
    {
        Topic = topic;
        Partition = partition;
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    public string Topic { get; }

    public int Partition { get; }

    /// <summary>The offset the next record must have; every offset below it is on disk once <see cref="Flush"/> returned.</summary>
    public long NextOffset => segments.Count == 0 ? 0 : segments[^1].NextOffset;

    /// <summary>Records seen after a gap (offsets the archive never received): should stay 0.</summary>
    public long Gaps { get; private set; }

    public long FileBytes => segments.Sum(s => s.FileBytes);

    /// <summary>Opens (or creates) the partition's archive, cutting off a torn tail that a crash mid-write left.</summary>
    public static PartitionArchive Open(string root, string topic, int partition, long segmentBytes)
    {
        var directory = Path.Combine(root, topic, partition.ToString(CultureInfo.InvariantCulture));
        Splitstream.Schemas.PrivateFiles.CreateDirectory(directory);
        var archive = new PartitionArchive(topic, partition, directory, segmentBytes);
        var files = Directory.GetFiles(directory, "*.log")
            .Select(f => (Path: f, Base: long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : -1))
            .Where(f => f.Base >= 0).OrderBy(f => f.Base).ToList();
        foreach (var (path, baseOffset) in files)
        {
            var segment = new ArchiveSegment(path, baseOffset);
            var valid = Scan(segment);
            archive.segments.Add(segment);
            if (valid < new FileInfo(path).Length)
            {
                // A torn tail: everything after it (this segment's rest, later segments) was never flushed as a whole.
                using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    truncate.SetLength(valid);
                    truncate.Flush(flushToDisk: true);
                }
                foreach (var later in files.SkipWhile(f => f.Path != path).Skip(1))
                {
                    File.Delete(later.Path);
                }
                break;
            }
        }
        archive.segments.RemoveAll(s => s.NextOffset == s.BaseOffset && s != archive.segments.LastOrDefault());
        return archive;
    }

    public void Append(ArchivedRecord record)
    {
        if (record.Offset < NextOffset)
        {
            return;
        }
        if (record.Offset > NextOffset && segments.Count > 0)
        {
            Gaps++;
        }
        if (writer is null || segments[^1].FileBytes >= segmentBytes)
        {
            Roll(record.Offset);
        }
        var frame = RecordCodec.Encode(record);
        writer!.Write(frame);
        var segment = segments[^1];
        segment.NextOffset = record.Offset + 1;
        segment.FileBytes += frame.Length;
        segment.PayloadBytes += record.PayloadBytes;
        dirty = true;
    }

    /// <summary>Writes buffered records through to the disk (fsync); after it, <see cref="NextOffset"/> is durable.</summary>
    public void Flush()
    {
        if (dirty && writer is not null)
        {
            writer.Flush(flushToDisk: true);
            dirty = false;
        }
    }

    /// <summary>
    /// Deletes the oldest segments while the later ones still hold at least <paramref name="keepPayloadBytes"/> of
    /// payload: more than the embedded cluster keeps of a partition, so a restore shows every record it still had.
    /// </summary>
    public int Retain(long keepPayloadBytes)
    {
        var deleted = 0;
        while (segments.Count > 1 && segments.Skip(1).Sum(s => s.PayloadBytes) >= keepPayloadBytes)
        {
            File.Delete(segments[0].Path);
            segments.RemoveAt(0);
            deleted++;
        }
        return deleted;
    }

    /// <summary>Every archived record in offset order (flushes first, so the files hold everything appended).</summary>
    public IEnumerable<ArchivedRecord> ReadAll()
    {
        Flush();
        foreach (var segment in segments.ToList())
        {
            using var stream = new FileStream(segment.Path, new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 1 << 16,
            });
            for (var read = 0L; read < segment.FileBytes;)
            {
                var record = RecordCodec.Read(stream, out var frameBytes);
                if (record is null)
                {
                    break;
                }
                read += frameBytes;
                yield return record;
            }
        }
    }

    public void Dispose()
    {
        Flush();
        writer?.Dispose();
        writer = null;
    }

    private void Roll(long baseOffset)
    {
        Flush();
        writer?.Dispose();
        var path = Path.Combine(directory, baseOffset.ToString("D20", CultureInfo.InvariantCulture) + ".log");
        if (segments.Count > 0 && segments[^1].NextOffset == segments[^1].BaseOffset && segments[^1].Path != path)
        {
            // The last segment is empty (a fresh archive or a torn one): replace it rather than keep an empty file.
            File.Delete(segments[^1].Path);
            segments.RemoveAt(segments.Count - 1);
        }
        writer = PrivateFiles.OpenAppend(path);
        if (segments.Count == 0 || segments[^1].Path != path)
        {
            segments.Add(new ArchiveSegment(path, baseOffset) { NextOffset = baseOffset });
        }
        PrivateFiles.SyncDirectory(directory);
    }

    /// <summary>Reads a segment's records, setting its offsets and sizes; returns the bytes that hold whole, valid records.</summary>
    private static long Scan(ArchiveSegment segment)
    {
        using var stream = new FileStream(segment.Path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, BufferSize = 1 << 16 });
        long valid = 0;
        while (RecordCodec.Read(stream, out var frameBytes) is { } record)
        {
            if (record.Offset < segment.NextOffset)
            {
                break;
            }
            valid += frameBytes;
            segment.NextOffset = record.Offset + 1;
            segment.PayloadBytes += record.PayloadBytes;
        }
        segment.FileBytes = valid;
        return valid;
    }
}
