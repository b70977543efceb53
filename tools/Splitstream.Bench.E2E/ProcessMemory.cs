namespace Splitstream.Bench.E2E;

/// <summary>
/// The process's resident memory split as the kernel counts it (/proc/self/status): anonymous pages (heaps: the managed
/// heap, native allocations of librdkafka, RocksDB and SQLite) and file-backed pages (mapped files and code), which the
/// kernel can drop. Zero where /proc is not there.
/// </summary>
public sealed record ProcessMemory(long AnonymousBytes, long FileBytes)
{
    /// <summary>This process's, or another's by id (the soak's platform process).</summary>
    public static ProcessMemory Read(int? processId = null)
    {
        var status = processId is { } id ? $"/proc/{id}/status" : "/proc/self/status";
        if (!File.Exists(status))
        {
            return new ProcessMemory(0, 0);
        }
        long anonymous = 0, file = 0;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anonymous = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Kilobytes(line) * 1024;
            }
        }
        return new ProcessMemory(anonymous, file);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
