using System.Globalization;

namespace Splitstream.Streams;

/// <summary>
/// A task's <c>.checkpoint</c> file (Kafka Streams' design): per changelog partition of its persistent stores, the
/// offset up to which the local files hold the changelog, with a fingerprint of the record just before that offset,
/// and the task's stream time. A restart restores only the changelog records from that offset on. The fingerprint
/// tells a changelog that is not the one the files came from (a recreated topic, another cluster) from the real one.
/// </summary>
/// <remarks>Lines: <c>stream-time &lt;ms&gt;</c> and <c>&lt;topic&gt; &lt;partition&gt; &lt;next offset&gt; &lt;fingerprint hex&gt;</c>.
/// Written to a temporary file, synced and renamed over the old one, so a crash leaves the old or the new file.</remarks>
internal sealed class TaskCheckpoint
{
    public const string FileName = ".checkpoint";

    public long StreamTime { get; set; } = long.MinValue;

    public Dictionary<(string Topic, int Partition), ChangelogPosition> Positions { get; } = [];

    public static TaskCheckpoint? Read(string taskDirectory)
    {
        var path = Path.Combine(taskDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var checkpoint = new TaskCheckpoint();
        try
        {
            foreach (var line in File.ReadAllLines(path).Where(l => l.Length > 0))
            {
                var fields = line.Split(' ');
                if (fields is ["stream-time", var time])
                {
                    checkpoint.StreamTime = long.Parse(time, CultureInfo.InvariantCulture);
                }
                else if (fields is [var topic, var partition, var offset, var fingerprint])
                {
                    checkpoint.Positions[(topic, int.Parse(partition, CultureInfo.InvariantCulture))] = new ChangelogPosition(
                        long.Parse(offset, CultureInfo.InvariantCulture), ulong.Parse(fingerprint, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
                else
                {
                    return null;
                }
            }
        }
        catch (FormatException)
        {
            // An unreadable checkpoint is no checkpoint: the stores are wiped and restored in full.
            return null;
        }
        return checkpoint;
    }

    public void Write(string taskDirectory)
    {
        var lines = new List<string> { "stream-time " + StreamTime.ToString(CultureInfo.InvariantCulture) };
        lines.AddRange(Positions.Select(p => string.Join(' ', p.Key.Topic, p.Key.Partition.ToString(CultureInfo.InvariantCulture),
            p.Value.NextOffset.ToString(CultureInfo.InvariantCulture), p.Value.Fingerprint.ToString("x16", CultureInfo.InvariantCulture))));
        var path = Path.Combine(taskDirectory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, Schemas.PrivateFiles.StreamOptions(FileMode.Create)))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(string.Join('\n', lines) + "\n");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string taskDirectory) => File.Delete(Path.Combine(taskDirectory, FileName));
}
