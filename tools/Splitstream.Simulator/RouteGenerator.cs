using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// Generates smooth, plausible routes on the WGS-84 ellipsoid. A route is drawn as a curve whose heading turns
/// gradually, then laid on the ellipsoid vertex by vertex with <see cref="Geodesic.Direct"/> (each segment is a true
/// geodesic of the stated length and azimuth). Elevation is a few seeded sine harmonics of the distance, so loops
/// close in height too.
/// </summary>
public static class RouteGenerator
{
    /// <summary>Spacing of route vertices: short enough that the path looks smooth at GPS resolution.</summary>
    public const double VertexSpacingM = 5;

    public static Route Generate(RouteShape shape, double startLat, double startLon, double lengthM, SeededRandom random)
    {
        if (lengthM < 4 * VertexSpacingM)
        {
            throw new ArgumentOutOfRangeException(nameof(lengthM), lengthM, "route too short");
        }
        return shape switch
        {
            RouteShape.Loop => Loop(startLat, startLon, lengthM, random),
            RouteShape.OutAndBack => OutAndBack(startLat, startLon, lengthM, random),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown route shape"),
        };
    }

    /// <summary>
    /// A perturbed circle r(θ) = R(1 + Σ a_k cos(kθ + φ_k)), k = 2..4, traced with heading equal to the curve's
    /// tangent; the perturbation is small enough that the curve stays convex-ish and its heading turns smoothly.
    /// The last vertex is the first one, so the loop closes exactly.
    /// </summary>
    private static Route Loop(double lat, double lon, double lengthM, SeededRandom random)
    {
        var harmonics = new (int K, double A, double Phase)[]
        {
            (2, random.Uniform(0.03, 0.10), random.Uniform(0, 2 * Math.PI)),
            (3, random.Uniform(0.01, 0.04), random.Uniform(0, 2 * Math.PI)),
            (4, random.Uniform(0.00, 0.02), random.Uniform(0, 2 * Math.PI)),
        };
        var rotation = random.Uniform(0, 2 * Math.PI);
        var clockwise = random.Chance(0.5);

        // Trace the planar shape finely, then rescale so its length is the requested one.
        const int steps = 4096;
        var planar = new (double X, double Y)[steps + 1];
        double perimeter = 0;
        for (var i = 0; i <= steps; i++)
        {
            var theta = (clockwise ? -1 : 1) * 2 * Math.PI * i / steps;
            var r = 1.0;
            foreach (var (k, a, phase) in harmonics)
            {
                r += a * Math.Cos(k * theta + phase);
            }
            planar[i] = (r * Math.Cos(theta + rotation), r * Math.Sin(theta + rotation));
            if (i > 0)
            {
                perimeter += double.Hypot(planar[i].X - planar[i - 1].X, planar[i].Y - planar[i - 1].Y);
            }
        }
        var scale = lengthM / perimeter;
        var elevation = ElevationProfile.Random(lengthM, random);

        // Resample at equal arc length and walk the ellipsoid along the planar segments' azimuths.
        var points = new List<RoutePoint> { new(lat, lon, elevation.At(0)) };
        var segments = (int)Math.Ceiling(lengthM / VertexSpacingM);
        var arc = 0.0;
        var j = 1;
        var previous = planar[0];
        for (var s = 1; s < segments; s++)
        {
            var target = lengthM * s / segments / scale;
            while (j < steps && arc + Dist(planar[j - 1], planar[j]) < target)
            {
                arc += Dist(planar[j - 1], planar[j]);
                j++;
            }
            var f = (target - arc) / Dist(planar[j - 1], planar[j]);
            var next = (X: planar[j - 1].X + f * (planar[j].X - planar[j - 1].X), Y: planar[j - 1].Y + f * (planar[j].Y - planar[j - 1].Y));
            // x east, y north: azimuth is measured clockwise from north.
            var azimuth = Math.Atan2(next.X - previous.X, next.Y - previous.Y) * 180 / Math.PI;
            var step = Dist(previous, next) * scale;
            var last = points[^1];
            var end = Geodesic.Direct(last.Lat, last.Lon, azimuth, step);
            points.Add(new RoutePoint(end.Lat, end.Lon, elevation.At(lengthM * s / segments)));
            previous = next;
        }
        points.Add(points[0]);
        return new Route(RouteShape.Loop, points);
    }

    /// <summary>
    /// Outbound: the heading's turn rate follows a mean-reverting random walk (bends of tens to a few hundred metres,
    /// never sharper than <see cref="MaxTurnDegPerM"/>); back: the same vertices in reverse.
    /// </summary>
    private static Route OutAndBack(double lat, double lon, double lengthM, SeededRandom random)
    {
        var half = lengthM / 2;
        var segments = (int)Math.Ceiling(half / VertexSpacingM);
        var step = half / segments;
        var elevation = ElevationProfile.Random(half, random);
        var heading = random.Uniform(0, 360);
        var turnRate = 0.0; // degrees per metre
        var points = new List<RoutePoint>(2 * segments + 1) { new(lat, lon, elevation.At(0)) };
        for (var s = 1; s <= segments; s++)
        {
            // Ornstein-Uhlenbeck turn rate with a correlation length of ~150 m.
            var decay = Math.Exp(-step / 150);
            turnRate = decay * turnRate + Math.Sqrt(1 - decay * decay) * 0.25 * random.Gaussian();
            turnRate = Math.Clamp(turnRate, -MaxTurnDegPerM, MaxTurnDegPerM);
            var last = points[^1];
            var end = Geodesic.Direct(last.Lat, last.Lon, heading, step);
            // Keep the geodesic's own forward azimuth so the path has no kink at vertices.
            heading = end.FinalAzimuthDeg + turnRate * step;
            points.Add(new RoutePoint(end.Lat, end.Lon, elevation.At(s * step)));
        }
        for (var s = segments - 1; s >= 0; s--)
        {
            points.Add(points[s]);
        }
        return new Route(RouteShape.OutAndBack, points);
    }

    /// <summary>Sharpest bend of an out-and-back's outbound leg: 1.5°/m, a radius of about 38 m.</summary>
    public const double MaxTurnDegPerM = 1.5;

    private static double Dist((double X, double Y) a, (double X, double Y) b) => double.Hypot(b.X - a.X, b.Y - a.Y);
}
