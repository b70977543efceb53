namespace Splitstream.Geo.Tests;

/// <summary>
/// GPS error model: per-axis Ornstein-Uhlenbeck drift (slowly wandering bias, stationary sigma and time constant)
/// plus white jitter.
/// </summary>
internal sealed record GpsNoiseModel(double DriftSigmaM, double DriftTimeConstantS, double JitterSigmaM)
{
    /// <summary>Consumer GPS in the open: ~5 m drift over a minute, ~1.5 m sample-to-sample jitter.</summary>
    public static GpsNoiseModel Typical { get; } = new(5.0, 60.0, 1.5);

    /// <summary>The bar of issue 11 ("Accuracy"): 5 m drift with a 30 s time constant plus 1.5 m jitter.</summary>
    public static GpsNoiseModel FastDrift { get; } = new(5.0, 30.0, 1.5);
}
