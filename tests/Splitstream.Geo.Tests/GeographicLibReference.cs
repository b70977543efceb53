using System.Globalization;
using Splitstream.Testing;

namespace Splitstream.Geo.Tests;

/// <summary>
/// Independent reference: Debian's GeographicLib for Python, run by the system interpreter (the only one that has the
/// module). One process answers a whole batch of queries, so hundreds of thousands of segments cost well under a
/// second.
/// </summary>
internal static class GeographicLibReference
{
    private const string Script = """
        import sys
        from geographiclib.geodesic import Geodesic
        g = Geodesic.WGS84
        out = []
        for line in sys.stdin:
            f = line.split()
            if f[0] == 'I':
                r = g.Inverse(float(f[1]), float(f[2]), float(f[3]), float(f[4]))
                out.append('%r %r %r' % (r['s12'], r['azi1'], r['azi2']))
            else:
                r = g.Direct(float(f[1]), float(f[2]), float(f[3]), float(f[4]))
                out.append('%r %r %r' % (r['lat2'], r['lon2'], r['azi2']))
        sys.stdout.write('\n'.join(out) + '\n')
        """;

    public static IReadOnlyList<GeodesicInverseResult> Inverse(IReadOnlyList<(double Lat1, double Lon1, double Lat2, double Lon2)> pairs)
    {
        var lines = Run(pairs.Select(p => Line('I', p.Lat1, p.Lon1, p.Lat2, p.Lon2)));
        return lines.Select(v => new GeodesicInverseResult(v[0], v[1], v[2])).ToArray();
    }

    public static IReadOnlyList<GeodesicDirectResult> Direct(IReadOnlyList<(double Lat1, double Lon1, double Azimuth, double DistanceM)> queries)
    {
        var lines = Run(queries.Select(q => Line('D', q.Lat1, q.Lon1, q.Azimuth, q.DistanceM)));
        return lines.Select(v => new GeodesicDirectResult(v[0], v[1], v[2])).ToArray();
    }

    /// <summary>Sum of geodesic lengths between consecutive points.</summary>
    public static double PathLength(IReadOnlyList<TrackSample> points)
    {
        var pairs = new List<(double, double, double, double)>(points.Count);
        for (int i = 1; i < points.Count; i++) pairs.Add((points[i - 1].Lat, points[i - 1].Lon, points[i].Lat, points[i].Lon));
        // Sum in ascending order of magnitude is overkill here; plain summation of ~1e4 terms loses < 1e-9 relative.
        return Inverse(pairs).Sum(r => r.DistanceM);
    }

    private static string Line(char kind, double a, double b, double c, double d) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} {a:R} {b:R} {c:R} {d:R}");

    private static List<double[]> Run(IEnumerable<string> queries) =>
        SystemPython.Run(Script, [], string.Concat(queries.Select(q => q + "\n")))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
}
