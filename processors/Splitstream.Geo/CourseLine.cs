namespace Splitstream.Geo;

/// <summary>
/// A race course as a polyline from start (first vertex) to finish (last vertex), with geodesic cumulative distances.
/// <see cref="Project"/> finds the nearest point of the line to a position, only among the segments that overlap a
/// window of course distances: a racer's progress is searched near where they were, so on a loop or an out-and-back
/// course (where the line passes the same place twice) a position never jumps to the other pass.
/// </summary>
public sealed class CourseLine
{
    private readonly (double Lat, double Lon)[] vertices;
    private readonly double[] cumulativeM;
    private readonly LocalFrame[] frames;

    public CourseLine(IReadOnlyList<(double Lat, double Lon)> points)
    {
        if (points.Count < 2)
        {
            throw new ArgumentException("a course needs at least two points", nameof(points));
        }
        // Repeated vertices (a course file or an encoded polyline often repeats its last point) make segments of no
        // length: the last one would then have no direction to extend beyond the finish line.
        vertices = [.. points.Where((p, i) => i == 0 || p != points[i - 1])];
        if (vertices.Length < 2)
        {
            throw new ArgumentException("a course needs at least two distinct points", nameof(points));
        }
        cumulativeM = new double[vertices.Length];
        frames = new LocalFrame[vertices.Length];
        for (var i = 0; i < vertices.Length; i++)
        {
            frames[i] = new LocalFrame(vertices[i].Lat, vertices[i].Lon);
            if (i > 0)
            {
                cumulativeM[i] = cumulativeM[i - 1] + Geodesic.Distance(vertices[i - 1].Lat, vertices[i - 1].Lon, vertices[i].Lat, vertices[i].Lon);
            }
        }
    }

    public double LengthM => cumulativeM[^1];

    public IReadOnlyList<(double Lat, double Lon)> Vertices => vertices;

    /// <summary>
    /// The nearest point of the segments overlapping [<paramref name="fromM"/>, <paramref name="toM"/>]: its course
    /// distance and the position's distance from it. Beyond the ends the first and last segments are extended, so a
    /// position past the finish line has a course distance over <see cref="LengthM"/> (what crossing it means).
    /// Segments are planar in a frame anchored at their start: exact to centimetres for segments of a few hundred metres.
    /// </summary>
    public CourseProjection Project(double lat, double lon, double fromM = double.NegativeInfinity, double toM = double.PositiveInfinity)
    {
        var best = new CourseProjection(double.NaN, double.PositiveInfinity);
        var found = Array.BinarySearch(cumulativeM, Math.Max(fromM, 0));
        var first = Math.Max(0, found < 0 ? ~found - 1 : found);
        for (var i = first; i < vertices.Length - 1; i++)
        {
            if (cumulativeM[i] > toM)
            {
                break;
            }
            var frame = frames[i];
            frame.ToLocal(vertices[i + 1].Lat, vertices[i + 1].Lon, out var sx, out var sy);
            frame.ToLocal(lat, lon, out var px, out var py);
            var squared = sx * sx + sy * sy;
            var t = squared > 0 ? (px * sx + py * sy) / squared : 0;
            // Extend the ends only: inside the course, the nearest point of a segment is on the segment.
            var lower = i == 0 ? double.NegativeInfinity : 0;
            var upper = i == vertices.Length - 2 ? double.PositiveInfinity : 1;
            t = Math.Clamp(t, lower, upper);
            var offset = Math.Sqrt(GeoMath.Sq(px - t * sx) + GeoMath.Sq(py - t * sy));
            var segmentM = cumulativeM[i + 1] - cumulativeM[i];
            var along = cumulativeM[i] + t * segmentM;
            if (offset < best.OffsetM)
            {
                best = new CourseProjection(along, offset);
            }
        }
        return best;
    }

    /// <summary>The course distance of a point near the course anywhere along it (checkpoints: the nearest pass).</summary>
    public double DistanceAlong(double lat, double lon) => Math.Clamp(Project(lat, lon).AlongM, 0, LengthM);
}
