using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// The ways of racers who do not keep to the course (<see cref="RacerBehaviour"/>), built from the course's own
/// vertices: a short cut straight across between two of them, or a way out of the course away from it. Each is a
/// point-to-point route of its own that the racer runs along like any other.
/// </summary>
public static class RacerPaths
{
    /// <summary>Spacing of the vertices laid along a straight stretch that is not on the course.</summary>
    private const double StepM = 5;

    /// <summary>
    /// The corner worth cutting: two vertices in the middle 60% of the course, at most a quarter of the course apart
    /// along it and less than <paramref name="maxStraightM"/> apart in a straight line, saving the most. The cutter's
    /// way is the course up to the first, straight across to the second, and the course on from there.
    /// </summary>
    /// <returns>The way, the course distance where the cut starts, and the metres it saves.</returns>
    public static (Route Path, double FromM, double SavedM) CutCorner(Route course, double maxStraightM = 150)
    {
        var vertices = course.Vertices;
        var best = (From: -1, To: -1, Saved: 0.0);
        for (var i = vertices.Count / 5; i < vertices.Count * 4 / 5; i++)
        {
            for (var j = i + 1; j < vertices.Count && course.CumulativeM(j) - course.CumulativeM(i) <= course.LengthM / 4; j++)
            {
                var straight = Geodesic.Distance(vertices[i].Lat, vertices[i].Lon, vertices[j].Lat, vertices[j].Lon);
                var saved = course.CumulativeM(j) - course.CumulativeM(i) - straight;
                if (straight < maxStraightM && saved > best.Saved)
                {
                    best = (i, j, saved);
                }
            }
        }
        // Less than this is within what GPS noise and the standings' tolerance for it (2% + 25 m) could hide.
        if (best.Saved < 0.05 * course.LengthM + 50)
        {
            throw new ArgumentException($"the course offers no corner worth cutting (best saves {best.Saved:F0} m of {course.LengthM:F0} m)", nameof(course));
        }
        var points = vertices.Take(best.From + 1).ToList();
        AddStraight(points, vertices[best.To]);
        points.AddRange(vertices.Skip(best.To + 1));
        return (new Route(RouteShape.PointToPoint, points), course.CumulativeM(best.From), best.Saved);
    }

    /// <summary>
    /// Leaves the course <paramref name="atM"/> along it and goes <paramref name="outM"/> (plus room for the run-out)
    /// straight away from it, in the direction (of 36) that keeps furthest from every other part of the course: a
    /// recorded course winds back on itself, and a detour that passed near another stretch of it would be on the
    /// course again there.
    /// </summary>
    public static Route LeaveCourse(Route course, double atM, double outM)
    {
        var vertices = course.Vertices;
        var points = vertices.TakeWhile((_, i) => course.CumulativeM(i) < atM).ToList();
        var leave = course.PointAt(atM);
        points.Add(leave);
        var azimuth = Enumerable.Range(0, 36).Select(k => k * 10.0).MaxBy(a => DetourScore(course, leave, atM, a, outM));
        var end = Geodesic.Direct(leave.Lat, leave.Lon, azimuth, outM + 200);
        AddStraight(points, new RoutePoint(end.Lat, end.Lon, leave.Ele));
        return new Route(RouteShape.PointToPoint, points);
    }

    /// <summary>
    /// Every 10 m of a detour: a point more than 100 m from the course scores one; a point within 100 m of the course
    /// anywhere but near where the racer left it (more than 150 m along the course away) costs ten.
    /// </summary>
    private static int DetourScore(Route course, RoutePoint leave, double atM, double azimuthDeg, double outM)
    {
        var score = 0;
        for (var d = 10.0; d <= outM + 50; d += 10)
        {
            var point = Geodesic.Direct(leave.Lat, leave.Lon, azimuthDeg, d);
            var (nearestM, alongM) = Nearest(course, point);
            score += nearestM > 100 ? 1 : Math.Abs(alongM - atM) > 150 ? -10 : 0;
        }
        return score;
    }

    /// <summary>The nearest course vertex to a point (the vertices are a few metres apart): its distance and its course distance.</summary>
    private static (double DistanceM, double AlongM) Nearest(Route course, GeodesicDirectResult point)
    {
        var best = (DistanceM: double.MaxValue, AlongM: 0.0);
        for (var i = 0; i < course.Vertices.Count; i++)
        {
            var distance = Geodesic.Distance(course.Vertices[i].Lat, course.Vertices[i].Lon, point.Lat, point.Lon);
            if (distance < best.DistanceM)
            {
                best = (distance, course.CumulativeM(i));
            }
        }
        return best;
    }

    /// <summary>Lays the geodesic from the last point to <paramref name="to"/> as vertices <see cref="StepM"/> apart.</summary>
    private static void AddStraight(List<RoutePoint> points, RoutePoint to)
    {
        var from = points[^1];
        var line = Geodesic.Inverse(from.Lat, from.Lon, to.Lat, to.Lon);
        var steps = Math.Max(1, (int)Math.Ceiling(line.DistanceM / StepM));
        for (var k = 1; k < steps; k++)
        {
            var p = Geodesic.Direct(from.Lat, from.Lon, line.InitialAzimuthDeg, line.DistanceM * k / steps);
            points.Add(new RoutePoint(p.Lat, p.Lon, from.Ele + (to.Ele - from.Ele) * k / steps));
        }
        points.Add(to);
    }
}
