using System.Globalization;
using System.Xml.Linq;
using Splitstream.Geo;
using Splitstream.Testing;

namespace Splitstream.Races.Tests;

/// <summary>
/// A race course taken from a real recorded run (<c>../shared/data/real</c>), with positions along it computed on the
/// ellipsoid (<see cref="Geodesic.Direct"/> from the vertex before): the ground truth racers are placed on.
/// </summary>
internal sealed class RealCourse
{
    private readonly double[] cumulativeM;

    private RealCourse(IReadOnlyList<(double Lat, double Lon)> points)
    {
        Points = points;
        cumulativeM = new double[points.Count];
        for (var i = 1; i < points.Count; i++)
        {
            cumulativeM[i] = cumulativeM[i - 1] + Geodesic.Distance(points[i - 1].Lat, points[i - 1].Lon, points[i].Lat, points[i].Lon);
        }
    }

    public IReadOnlyList<(double Lat, double Lon)> Points { get; }

    public double LengthM => cumulativeM[^1];

    public double CumulativeM(int index) => cumulativeM[index];

    /// <summary>The track points of a TCX file, consecutive duplicates dropped.</summary>
    public static RealCourse FromTcx(string fileName)
    {
        var path = Path.Combine(RepoPaths.Root, "..", "shared", "data", "real", fileName);
        XNamespace tcx = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
        var points = XDocument.Load(path).Descendants(tcx + "Position")
            .Select(p => (Lat: double.Parse(p.Element(tcx + "LatitudeDegrees")!.Value, CultureInfo.InvariantCulture),
                Lon: double.Parse(p.Element(tcx + "LongitudeDegrees")!.Value, CultureInfo.InvariantCulture)))
            .ToList();
        var distinct = new List<(double Lat, double Lon)> { points[0] };
        distinct.AddRange(points.Skip(1).Where((p, i) => Geodesic.Distance(points[i].Lat, points[i].Lon, p.Lat, p.Lon) > 0.5));
        return new RealCourse(distinct);
    }

    /// <summary>The point <paramref name="distanceM"/> along the course; beyond the finish, straight on in the last segment's direction.</summary>
    public (double Lat, double Lon) PointAt(double distanceM)
    {
        var index = Array.BinarySearch(cumulativeM, Math.Clamp(distanceM, 0, LengthM));
        index = index >= 0 ? Math.Min(index, Points.Count - 2) : ~index - 1;
        var from = Points[index];
        var azimuth = Geodesic.Inverse(from.Lat, from.Lon, Points[index + 1].Lat, Points[index + 1].Lon).InitialAzimuthDeg;
        var end = Geodesic.Direct(from.Lat, from.Lon, azimuth, distanceM - cumulativeM[index]);
        return (end.Lat, end.Lon);
    }

    /// <summary>Moves a point <paramref name="metres"/> in direction <paramref name="azimuthDeg"/> (noise, leaving the course).</summary>
    public static (double Lat, double Lon) Offset((double Lat, double Lon) point, double azimuthDeg, double metres)
    {
        var end = Geodesic.Direct(point.Lat, point.Lon, azimuthDeg, metres);
        return (end.Lat, end.Lon);
    }

    /// <summary>
    /// The best short cut of the middle of the course: two vertices at most <paramref name="maxAlongM"/> apart along it
    /// but less than <paramref name="maxStraightM"/> apart in a straight line, saving the most.
    /// </summary>
    public (int From, int To, double StraightM) BestShortCut(double maxAlongM, double maxStraightM)
    {
        var best = (From: 0, To: 0, StraightM: 0.0, Saved: 0.0);
        for (var i = Points.Count / 5; i < Points.Count * 4 / 5; i++)
        {
            for (var j = i + 1; j < Points.Count && cumulativeM[j] - cumulativeM[i] <= maxAlongM; j++)
            {
                var straight = Geodesic.Distance(Points[i].Lat, Points[i].Lon, Points[j].Lat, Points[j].Lon);
                var saved = cumulativeM[j] - cumulativeM[i] - straight;
                if (straight < maxStraightM && saved > best.Saved)
                {
                    best = (i, j, straight, saved);
                }
            }
        }
        return (best.From, best.To, best.StraightM);
    }
}
