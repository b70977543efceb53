using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// A route as a dense chain of geodesic segments (a few metres each) with an elevation per vertex. Positions along
/// it are found by solving the direct geodesic problem from the vertex before, so every point lies exactly on the
/// ellipsoid path whose length <see cref="LengthM"/> reports.
/// </summary>
public sealed class Route
{
    private readonly RoutePoint[] vertices;
    private readonly double[] cumulativeM;
    private readonly double[] azimuthDeg;

    public Route(RouteShape shape, IReadOnlyList<RoutePoint> points)
    {
        if (points.Count < 2)
        {
            throw new ArgumentException("a route needs at least two points", nameof(points));
        }
        Shape = shape;
        vertices = [.. points];
        cumulativeM = new double[vertices.Length];
        azimuthDeg = new double[vertices.Length];
        for (var i = 1; i < vertices.Length; i++)
        {
            var inverse = Geodesic.Inverse(vertices[i - 1].Lat, vertices[i - 1].Lon, vertices[i].Lat, vertices[i].Lon);
            cumulativeM[i] = cumulativeM[i - 1] + inverse.DistanceM;
            azimuthDeg[i - 1] = inverse.InitialAzimuthDeg;
        }
        azimuthDeg[^1] = azimuthDeg[^2];
    }

    public RouteShape Shape { get; }

    public double LengthM => cumulativeM[^1];

    public IReadOnlyList<RoutePoint> Vertices => vertices;

    /// <summary>Azimuth (degrees from north) at the start of segment <paramref name="index"/>.</summary>
    public double SegmentAzimuthDeg(int index) => azimuthDeg[index];

    public double CumulativeM(int index) => cumulativeM[index];

    /// <summary>
    /// The point <paramref name="distanceM"/> metres along the route. A loop or an out-and-back ends where it starts,
    /// so distances beyond one lap wrap around onto the next lap; a point-to-point route goes on past its end along
    /// its last segment's azimuth (a racer runs through the finish line) and stays at its start before it.
    /// </summary>
    public RoutePoint PointAt(double distanceM)
    {
        if (Shape == RouteShape.PointToPoint)
        {
            if (distanceM >= LengthM)
            {
                var last = vertices[^1];
                var beyond = Geodesic.Direct(last.Lat, last.Lon, Geodesic.Inverse(vertices[^2].Lat, vertices[^2].Lon, last.Lat, last.Lon).FinalAzimuthDeg,
                    distanceM - LengthM);
                return new RoutePoint(beyond.Lat, beyond.Lon, last.Ele);
            }
            distanceM = Math.Max(0, distanceM);
        }
        var d = distanceM % LengthM;
        if (d < 0)
        {
            d += LengthM;
        }
        var index = Array.BinarySearch(cumulativeM, d);
        if (index >= 0)
        {
            return vertices[index];
        }
        index = ~index - 1;
        var along = d - cumulativeM[index];
        var segment = cumulativeM[index + 1] - cumulativeM[index];
        var fraction = segment > 0 ? along / segment : 0;
        var end = Geodesic.Direct(vertices[index].Lat, vertices[index].Lon, azimuthDeg[index], along);
        var ele = vertices[index].Ele + fraction * (vertices[index + 1].Ele - vertices[index].Ele);
        return new RoutePoint(end.Lat, end.Lon, ele);
    }

    /// <summary>Grade (rise over run) around <paramref name="distanceM"/>, from the elevation profile.</summary>
    public double GradeAt(double distanceM)
    {
        const double half = 10;
        return (PointAt(distanceM + half).Ele - PointAt(distanceM - half).Ele) / (2 * half);
    }
}
