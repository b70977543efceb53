namespace Splitstream.Bench.E2E;

/// <summary>Nearest-rank percentiles of a sample of delays (seconds).</summary>
public static class Percentiles
{
    public static double? Of(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
