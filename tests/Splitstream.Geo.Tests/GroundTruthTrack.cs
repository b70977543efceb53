namespace Splitstream.Geo.Tests;

/// <summary>
/// A known path for tests: legs of random length joined by random turns, walked at a given speed at 1 Hz, each step a
/// geodesic built with <see cref="Geodesic.Direct"/> (checked against GeographicLib elsewhere). The true length is
/// the sum of the step lengths, known exactly.
/// </summary>
internal sealed class GroundTruthTrack
{
    public const long DefaultStartMs = 1_700_000_012_345; // deliberately not aligned to a minute

    private GroundTruthTrack(IReadOnlyList<TrackSample> samples, double trueLengthM)
    {
        Samples = samples;
        TrueLengthM = trueLengthM;
    }

    public IReadOnlyList<TrackSample> Samples { get; }

    public double TrueLengthM { get; }

    /// <param name="speedAtSecond">Speed (m/s) over the step ending at each second; constant <paramref name="speedMps"/> if null.</param>
    /// <param name="elevationAtDistance">Elevation (m) as a function of distance travelled; no elevation if null.</param>
    public static GroundTruthTrack Build(double startLat, double startLon, double initialHeadingDeg, int seconds, int seed,
        double speedMps = 3.0, double minLegM = 200, double maxLegM = 1000, double maxTurnDeg = 120,
        Func<int, double>? speedAtSecond = null, Func<double, double>? elevationAtDistance = null,
        long startMs = DefaultStartMs)
    {
        var random = new Random(seed);
        var samples = new List<TrackSample>(seconds + 1);
        double lat = startLat, lon = startLon, heading = initialHeadingDeg, travelled = 0;
        double legRemaining = NextLeg(random, minLegM, maxLegM);
        samples.Add(new TrackSample(startMs, lat, lon, elevationAtDistance?.Invoke(0), null));
        for (int s = 1; s <= seconds; s++)
        {
            double step = speedAtSecond?.Invoke(s) ?? speedMps;
            if (step > 0)
            {
                var next = Geodesic.Direct(lat, lon, heading, step);
                lat = next.Lat;
                lon = next.Lon;
                heading = next.FinalAzimuthDeg; // keep following the geodesic
                travelled += step;
                legRemaining -= step;
                if (legRemaining <= 0)
                {
                    // Turn at this vertex: a sharp corner, the hardest case for a smoother.
                    heading += (random.NextDouble() * 2 - 1) * maxTurnDeg;
                    legRemaining = NextLeg(random, minLegM, maxLegM);
                }
            }
            samples.Add(new TrackSample(startMs + s * 1000L, lat, lon, elevationAtDistance?.Invoke(travelled), null));
        }
        return new GroundTruthTrack(samples, travelled);
    }

    /// <summary>The same track as a noisy receiver would report it (seeded, reproducible).</summary>
    public IReadOnlyList<TrackSample> WithNoise(GpsNoiseModel noise, int seed)
    {
        var random = new Random(seed);
        var result = new List<TrackSample>(Samples.Count);
        double driftEast = Gaussian(random) * noise.DriftSigmaM;
        double driftNorth = Gaussian(random) * noise.DriftSigmaM;
        long previousMs = Samples[0].TimeMs;
        foreach (var s in Samples)
        {
            // Exact discretisation of the OU process for the elapsed time step.
            double dt = (s.TimeMs - previousMs) / 1000.0;
            previousMs = s.TimeMs;
            double decay = Math.Exp(-dt / noise.DriftTimeConstantS);
            double innovation = noise.DriftSigmaM * Math.Sqrt(1 - decay * decay);
            driftEast = driftEast * decay + innovation * Gaussian(random);
            driftNorth = driftNorth * decay + innovation * Gaussian(random);
            double east = driftEast + noise.JitterSigmaM * Gaussian(random);
            double north = driftNorth + noise.JitterSigmaM * Gaussian(random);
            var moved = Geodesic.Direct(s.Lat, s.Lon, Math.Atan2(east, north) * 180 / Math.PI, Math.Sqrt(east * east + north * north));
            result.Add(s with { Lat = moved.Lat, Lon = moved.Lon });
        }
        return result;
    }

    /// <summary>Plain point-to-point geodesic length of a sample list (what an unsmoothed pipeline would report).</summary>
    public static double PointToPointLength(IReadOnlyList<TrackSample> samples)
    {
        double total = 0;
        for (int i = 1; i < samples.Count; i++)
        {
            total += Geodesic.Distance(samples[i - 1].Lat, samples[i - 1].Lon, samples[i].Lat, samples[i].Lon);
        }
        return total;
    }

    public static double Gaussian(Random random)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double NextLeg(Random random, double min, double max) => min + random.NextDouble() * (max - min);
}
