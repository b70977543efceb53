using System.Globalization;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Resident and managed memory per 1,000 live activities, and per 100 live races beyond their activities' own. A race's
/// cost is the growth of a set of raced activities less that of the same number without a race, measured right after;
/// RSS moves in the runtime's and RocksDB's allocation steps by more than 100 races hold, so the pair is repeated and
/// the median reported with each pair's figure (one pair gave −99.9 and −54.6 MiB in two runs). The activities' figure
/// comes with its parts (<see cref="MemorySnapshot"/>): the embedded cluster runs in the same process and keeps the
/// records the activities produced, which a real cluster keeps elsewhere.
/// </summary>
public sealed record MemoryFigures(
    MemorySnapshot PerThousandActivities,
    IReadOnlyList<double> RssPerHundredRaces,
    IReadOnlyList<double> HeapPerHundredRaces)
{
    public double RssPerThousandActivities => PerThousandActivities.ResidentBytes;

    /// <summary>
    /// "the median MiB (median of n pairs: each pair's figure in the order measured)"; the median is the bench's
    /// nearest-rank 50th percentile (<see cref="Percentiles"/>), the lower middle of an even count.
    /// </summary>
    public static string MedianAndPairs(IReadOnlyList<double> bytes) => bytes.Count == 1
        ? Mib(bytes[0])
        : $"{Mib(Percentiles.Of(bytes, 50)!.Value)} (median of {bytes.Count} pairs: {string.Join(", ", bytes.Select(b => Mib(b, unit: false)))})";

    public static string Mib(double bytes, bool unit = true) =>
        (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + (unit ? " MiB" : "");
}
