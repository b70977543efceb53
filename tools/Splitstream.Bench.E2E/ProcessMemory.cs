namespace Splitstream.Bench.E2E;

/// <summary>
/// The process's resident memory split as the kernel counts it (/proc/self/status): anonymous pages (heaps: the managed
/// heap, native allocations of librdkafka, RocksDB and SQLite) and file-backed pages (mapped files and code), which the
/// kernel can drop. Zero where /proc is not there.
/// </summary>
public sealed record ProcessMemory(long AnonymousBytes, long FileBytes)
{
    public static ProcessMemory Read()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return new ProcessMemory(0, 0);
        }
        long anonymous = 0, file = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
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
