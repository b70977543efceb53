namespace Splitstream.Simulator;

/// <summary>Elevation as a base height plus three sine harmonics of the distance along a route (periodic over its length).</summary>
public sealed class ElevationProfile(double baseM, double periodM, (double Amplitude, double Phase)[] harmonics)
{
    public static ElevationProfile Random(double periodM, SeededRandom random) => new(
        random.Uniform(20, 300),
        periodM,
        [(random.Uniform(5, 20), random.Uniform(0, 2 * Math.PI)),
         (random.Uniform(2, 8), random.Uniform(0, 2 * Math.PI)),
         (random.Uniform(0.5, 3), random.Uniform(0, 2 * Math.PI))]);

    public double At(double distanceM)
    {
        var ele = baseM;
        for (var k = 0; k < harmonics.Length; k++)
        {
            ele += harmonics[k].Amplitude * Math.Sin(2 * Math.PI * (k + 1) * distanceM / periodM + harmonics[k].Phase);
        }
        return ele;
    }
}
