namespace Splitstream.Simulator;

/// <summary>
/// GPS position error as a phone shows it: a slowly wandering bias (first-order Gauss-Markov drift per axis, time
/// constant <see cref="DriftTimeConstantS"/>, from multipath and atmosphere) plus white jitter from fix to fix. The
/// variance is split <see cref="DriftVarianceShare"/> drift / the rest jitter, so each axis (east, north) has the
/// configured standard deviation overall; the vertical error is a drift of its own, 1.5 times larger (as GPS
/// altitude is). The drift starts from its stationary distribution, so statistics hold from the first fix.
/// </summary>
public sealed class GpsNoiseModel
{
    public const double DriftTimeConstantS = 60;
    public const double DriftVarianceShare = 0.9;
    public const double VerticalFactor = 1.5;

    private readonly SeededRandom random;
    private readonly double driftSigma;
    private readonly double jitterSigma;
    private double driftEast, driftNorth, driftUp;

    public GpsNoiseModel(double sigmaM, SeededRandom random)
    {
        SigmaM = sigmaM;
        this.random = random;
        driftSigma = sigmaM * Math.Sqrt(DriftVarianceShare);
        jitterSigma = sigmaM * Math.Sqrt(1 - DriftVarianceShare);
        driftEast = driftSigma * random.Gaussian();
        driftNorth = driftSigma * random.Gaussian();
        driftUp = VerticalFactor * sigmaM * random.Gaussian();
    }

    public double SigmaM { get; }

    /// <summary>Advances the drift by <paramref name="dtS"/> seconds and returns the error of a fix taken then.</summary>
    public (double EastM, double NorthM, double UpM) Next(double dtS)
    {
        var rho = Math.Exp(-dtS / DriftTimeConstantS);
        var innovation = Math.Sqrt(1 - rho * rho);
        driftEast = rho * driftEast + innovation * driftSigma * random.Gaussian();
        driftNorth = rho * driftNorth + innovation * driftSigma * random.Gaussian();
        driftUp = rho * driftUp + innovation * VerticalFactor * SigmaM * random.Gaussian();
        return (driftEast + jitterSigma * random.Gaussian(), driftNorth + jitterSigma * random.Gaussian(), driftUp);
    }
}
