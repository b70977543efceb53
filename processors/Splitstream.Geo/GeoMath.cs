namespace Splitstream.Geo;

/// <summary>
/// Angle helpers transcribed from GeographicLib's Math class. They reduce angles exactly (in degrees) before
/// converting to radians, which is what keeps the geodesic solution accurate to nanometres.
/// </summary>
internal static class GeoMath
{
    /// <summary>Smallest normal double (Python's sys.float_info.min); not <see cref="double.Epsilon"/>, which is subnormal.</summary>
    public const double MinNormal = 2.2250738585072014E-308;

    /// <summary>Machine epsilon (distance from 1.0 to the next double).</summary>
    public const double MachineEpsilon = 2.220446049250313E-16;

    public static double Sq(double x) => x * x;

    public static void Normalize(ref double x, ref double y)
    {
        double r = double.Hypot(x, y);
        x /= r;
        y /= r;
    }

    /// <summary>Error-free sum: returns round(u + v) and the rounding error in <paramref name="error"/>.</summary>
    public static double Sum(double u, double v, out double error)
    {
        double s = u + v;
        double up = s - v;
        double vpp = s - up;
        up -= u;
        vpp -= v;
        error = s == 0 ? s : 0.0 - (up + vpp);
        return s;
    }

    public static double PolyVal(int n, ReadOnlySpan<double> p, int start, double x)
    {
        double y = n < 0 ? 0 : p[start];
        while (n > 0)
        {
            n--;
            start++;
            y = y * x + p[start];
        }
        return y;
    }

    /// <summary>Rounds tiny angles so they underflow to zero instead of creating near-singular cases.</summary>
    public static double AngRound(double x)
    {
        const double z = 1 / 16.0;
        double y = Math.Abs(x);
        if (y < z) y = z - (z - y);
        return Math.CopySign(y, x);
    }

    public static double AngNormalize(double x)
    {
        // Already in range (every longitude of a track, every local-frame round trip): IEEERemainder(x, 360) is x itself
        // there, bit for bit (-0 included), and costs an fmod. The fold calls this twice per point.
        if (Math.Abs(x) < 180) return x;
        double y = double.IsFinite(x) ? Math.IEEERemainder(x, 360) : double.NaN;
        return Math.Abs(y) == 180 ? Math.CopySign(180.0, x) : y;
    }

    public static double LatFix(double x) => Math.Abs(x) > 90 ? double.NaN : x;

    /// <summary>y - x reduced to [-180, 180] with the rounding error in <paramref name="error"/>.</summary>
    public static double AngDiff(double x, double y, out double error)
    {
        double d = Sum(Remainder360(-x), Remainder360(y), out double t);
        d = Sum(Remainder360(d), t, out t);
        if (d == 0 || Math.Abs(d) == 180) d = Math.CopySign(d, t == 0 ? y - x : -t);
        error = t;
        return d;
    }

    public static void SinCosd(double x, out double sinx, out double cosx)
    {
        double r = double.IsFinite(x) ? x % 360 : double.NaN;
        int q = double.IsNaN(r) ? 0 : (int)Math.Round(r / 90);
        r -= 90 * q;
        r *= Math.PI / 180;
        Quadrant(r, q, x, out sinx, out cosx);
    }

    /// <summary>Sine and cosine of (x + t) degrees, x in [-180, 180] and t a small correction.</summary>
    public static void SinCosde(double x, double t, out double sinx, out double cosx)
    {
        int q = double.IsFinite(x) ? (int)Math.Round(x / 90) : 0;
        double r = x - 90 * q;
        r = AngRound(r + t) * (Math.PI / 180);
        Quadrant(r, q, x, out sinx, out cosx);
    }

    public static double Atan2d(double y, double x)
    {
        int q = 0;
        if (Math.Abs(y) > Math.Abs(x))
        {
            q = 2;
            (x, y) = (y, x);
        }
        if (x < 0)
        {
            q++;
            x = -x;
        }
        double ang = Math.Atan2(y, x) * (180 / Math.PI);
        return q switch
        {
            1 => Math.CopySign(180, y) - ang,
            2 => 90 - ang,
            3 => -90 + ang,
            _ => ang,
        };
    }

    private static double Remainder360(double x) => double.IsFinite(x) ? Math.IEEERemainder(x, 360) : double.NaN;

    private static void Quadrant(double r, int q, double x, out double sinx, out double cosx)
    {
        double s = Math.Sin(r);
        double c = Math.Cos(r);
        switch (q & 3)
        {
            case 1: (s, c) = (c, -s); break;
            case 2: (s, c) = (-s, -c); break;
            case 3: (s, c) = (-c, s); break;
        }
        // Adding +0.0 turns -0 into +0, as GeographicLib does, so symmetric inputs give symmetric outputs.
        cosx = c + 0.0;
        sinx = s == 0 ? Math.CopySign(s, x) : s;
    }
}
