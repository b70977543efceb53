namespace Splitstream.Geo.Tests;

/// <summary>Fold distance against GeographicLib and against the known true path (DESIGN.md §4 "Distance").</summary>
public sealed class ActivityFoldAccuracyTests(ITestOutputHelper output)
{
    private const int TenKmAt3Mps = 3_450; // seconds: 10.35 km

    /// <summary>
    /// Noise-free: the fold against GeographicLib on the six tracks below measured −0.0004% to −0.0007% (the smoother's
    /// corner rounding at 120° turns); the bar is the worst measured × 3.
    /// </summary>
    private const double NoiseFreeBar = 3 * 0.000007;

    /// <summary>
    /// Noisy (5 m drift of a 30 s time constant + 1.5 m jitter, issue 11): measured −0.10% to +0.65% over the five tracks
    /// below (40 further seeds: −0.38% to +0.85%), since the smoother detects manoeuvres and is stiffer on straights
    /// (before: +0.70% to +1.38%). The worst measured × 3 would be 1.95%; the contract, 1%, is the tighter bar.
    /// </summary>
    private const double NoisyTrackBar = 0.01;

    [Theory]
    [InlineData(0.0, 0.0, 1)]
    [InlineData(30.0, 45.0, 2)]
    [InlineData(45.0, 90.0, 3)]
    [InlineData(60.0, 135.0, 4)]
    [InlineData(80.0, 200.0, 5)]
    [InlineData(-45.0, 300.0, 6)]
    public void Noise_free_track_distance_is_within_three_times_the_measured_error_of_GeographicLib(double latitude, double heading, int seed)
    {
        var track = GroundTruthTrack.Build(latitude, 11.5, heading, TenKmAt3Mps, seed);
        double reference = GeographicLibReference.PathLength(track.Samples);

        var metrics = FoldRunner.Fold(track.Samples); // default options: geodesic, smoothing on

        double relativeError = (metrics.DistanceM - reference) / reference;
        output.WriteLine($"lat {latitude,5} heading {heading,3}: fold {metrics.DistanceM:F3} m, GeographicLib {reference:F3} m, relative error {relativeError:P4}");
        Assert.True(Math.Abs(relativeError) < NoiseFreeBar, $"relative error {relativeError:P4}, bar {NoiseFreeBar:P4}");
        Assert.Equal(track.Samples.Count, metrics.PointsCount);
        Assert.Equal(0, metrics.OutliersRejected);
    }

    [Theory]
    [InlineData(0.0, 10.0, 11)]
    [InlineData(30.0, 70.0, 12)]
    [InlineData(45.0, 160.0, 13)]
    [InlineData(60.0, 250.0, 14)]
    [InlineData(-45.0, 330.0, 15)]
    public void Noisy_track_with_fast_drift_stays_within_1_percent_of_the_true_path(double latitude, double heading, int seed)
    {
        var track = GroundTruthTrack.Build(latitude, -3.7, heading, TenKmAt3Mps, seed);
        var noisy = track.WithNoise(GpsNoiseModel.FastDrift, seed * 7919);

        var metrics = FoldRunner.Fold(noisy);
        double rawLength = GroundTruthTrack.PointToPointLength(noisy);

        double foldError = (metrics.DistanceM - track.TrueLengthM) / track.TrueLengthM;
        double rawError = (rawLength - track.TrueLengthM) / track.TrueLengthM;
        output.WriteLine($"lat {latitude,5}: true {track.TrueLengthM:F1} m, fold {metrics.DistanceM:F1} m ({foldError:P2}), raw point-to-point {rawLength:F1} m ({rawError:P2}), moving {metrics.MovingTimeS} s, outliers {metrics.OutliersRejected}");
        Assert.True(Math.Abs(foldError) < NoisyTrackBar, $"fold error {foldError:P2}, bar {NoisyTrackBar:P2}");
        Assert.True(Math.Abs(rawError) > 0.10, $"raw error {rawError:P2}: the noise model is too gentle to prove anything");
    }
}
