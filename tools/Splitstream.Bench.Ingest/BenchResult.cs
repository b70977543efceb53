using System.Globalization;

namespace Splitstream.Bench.Ingest;

/// <summary>One measured path: samples acknowledged per second (every batch must have been acknowledged) and the process's CPU time per sample.</summary>
public sealed record BenchResult(string Name, long Samples, TimeSpan Elapsed, int Refused, double CpuMicrosPerSample)
{
    public double SamplesPerSecond => Samples / Elapsed.TotalSeconds;

    public string Describe(BenchResult? baseline) => string.Format(CultureInfo.InvariantCulture,
        "{0,-24} {1,10:N0} samples/s  ({2:N0} samples in {3:0.00} s{4}){5}",
        Name, SamplesPerSecond, Samples, Elapsed.TotalSeconds, Refused > 0 ? $", {Refused} batches refused and retried" : "",
        baseline is null ? "" : string.Format(CultureInfo.InvariantCulture, "  = {0:P0} of the raw producer", SamplesPerSecond / baseline.SamplesPerSecond));
}
