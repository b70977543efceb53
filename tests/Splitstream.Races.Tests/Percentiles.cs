namespace Splitstream.Races.Tests;

/// <summary>Nearest-rank percentiles of measured delays.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        Assert.NotEmpty(values);
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Describe(IReadOnlyCollection<double> values) =>
        $"n={values.Count} p50={Of(values, 50):F0} ms p90={Of(values, 90):F0} ms p99={Of(values, 99):F0} ms max={values.Max():F0} ms";
}
