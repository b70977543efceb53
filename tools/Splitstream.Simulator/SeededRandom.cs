namespace Splitstream.Simulator;

/// <summary>
/// A seeded generator with Gaussian draws. System.Random with an explicit seed is stable across runs and platforms,
/// so a seed reproduces a scenario; <see cref="Fork"/> gives each activity its own stream so adding a device does
/// not change the others.
/// </summary>
public sealed class SeededRandom(int seed)
{
    private readonly Random random = new(seed);
    private double? spareGaussian;

    public int Seed { get; } = seed;

    public double NextDouble() => random.NextDouble();

    public double Uniform(double min, double max) => min + (max - min) * random.NextDouble();

    public int Next(int minInclusive, int maxExclusive) => random.Next(minInclusive, maxExclusive);

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>Standard normal draw (Marsaglia's polar method, keeping the second value for the next call).</summary>
    public double Gaussian()
    {
        if (spareGaussian is double spare)
        {
            spareGaussian = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * random.NextDouble() - 1;
            v = 2 * random.NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        spareGaussian = v * factor;
        return u * factor;
    }

    /// <summary>An independent stream for sub-scenario <paramref name="stream"/> of this seed.</summary>
    public static SeededRandom Fork(int seed, int stream) => new(unchecked((int)Mix((uint)seed * 0x9E3779B9u ^ (uint)stream * 0x85EBCA6Bu)));

    /// <summary>Deterministic version-4-shaped UUID for an activity from the scenario's seed, start and index.</summary>
    public static Guid ActivityId(int seed, long startMs, int index)
    {
        var bytes = new byte[16];
        var scenario = Mix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)startMs));
        var a = Mix64(scenario ^ unchecked((ulong)(index + 1) * 0xC2B2AE3D27D4EB4FUL));
        var b = Mix64(a ^ scenario);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), a);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), b);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352D;
        x ^= x >> 15;
        x *= 0x846CA68B;
        x ^= x >> 16;
        return x;
    }

    private static ulong Mix64(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
