using System.Diagnostics;

namespace Splitstream.Geo.Tests;

/// <summary>A micro-measure printed for the record; wall-clock times are never asserted.</summary>
public sealed class ThroughputReport(ITestOutputHelper output)
{
    [Fact]
    public void Reports_geodesic_and_fold_throughput()
    {
        var noisy = GroundTruthTrack.Build(45, 7, 0, 20_000, seed: 3, speedMps: 3).WithNoise(GpsNoiseModel.Typical, seed: 33);

        // One pass to let tiered JIT promote the hot methods, then the measured pass.
        double sink = GroundTruthTrack.PointToPointLength(noisy);
        FoldRunner.Fold(noisy);
        Thread.Sleep(200);
        sink += GroundTruthTrack.PointToPointLength(noisy);
        FoldRunner.Fold(noisy);

        var stopwatch = Stopwatch.StartNew();
        sink += GroundTruthTrack.PointToPointLength(noisy);
        double geodesicPerSecond = noisy.Count / stopwatch.Elapsed.TotalSeconds;

        stopwatch.Restart();
        var metrics = FoldRunner.Fold(noisy);
        double foldPerSecond = noisy.Count / stopwatch.Elapsed.TotalSeconds;

        output.WriteLine($"Geodesic.Distance: {geodesicPerSecond:N0} segments/s; ActivityFold.Add (smoothing on, incl. Snapshot): {foldPerSecond:N0} samples/s (single thread, after warm-up)");
        Assert.True(sink > 0 && metrics.PointsCount == noisy.Count);
    }
}
