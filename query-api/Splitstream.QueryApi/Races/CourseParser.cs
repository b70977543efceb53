using System.Globalization;
using System.Xml;
using Splitstream.Geo;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// A race course from a GPX document (its track or route points, in order) or a Google encoded polyline (precision 5):
/// the first point is the start, the last the finish. Bounded: at most <see cref="MaxPoints"/> points (a marathon at a
/// point every 2 m), so a definition fits one Kafka record.
/// </summary>
public static class CourseParser
{
    public const int MaxPoints = 20_000;

    public const int MaxGpxChars = 8 * 1024 * 1024;

    public static (IReadOnlyList<CoursePoint>? Course, string? Field, string? Error) Parse(string? gpx, string? polyline)
    {
        if (string.IsNullOrWhiteSpace(gpx) == string.IsNullOrWhiteSpace(polyline))
        {
            return (null, "course_gpx", "give exactly one of course_gpx and course_polyline");
        }
        var (points, field, error) = gpx is { Length: > 0 } ? ParseGpx(gpx) : ParsePolyline(polyline!);
        if (points is null)
        {
            return (null, field, error);
        }
        if (points.Distinct().Take(2).Count() < 2)
        {
            return (null, field, "a course needs at least two distinct points (start and finish)");
        }
        if (points.Count > MaxPoints)
        {
            return (null, field, $"a course has at most {MaxPoints} points");
        }
        if (points.Any(p => double.IsNaN(p.Lat) || double.IsNaN(p.Lon) || Math.Abs(p.Lat) > 90 || Math.Abs(p.Lon) > 180))
        {
            return (null, field, "latitudes must be within ±90 and longitudes within ±180");
        }
        return (points, null, null);
    }

    public static double LengthM(IReadOnlyList<CoursePoint> course)
    {
        var total = 0.0;
        for (var i = 1; i < course.Count; i++)
        {
            total += Geodesic.Distance(course[i - 1].Lat, course[i - 1].Lon, course[i].Lat, course[i].Lon);
        }
        return total;
    }

    private static (List<CoursePoint>?, string, string?) ParsePolyline(string polyline)
    {
        try
        {
            return ([.. PolylineEncoder.Decode(polyline.Trim()).Select(p => new CoursePoint(p.Lat, p.Lon))], "course_polyline", null);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or FormatException or OverflowException)
        {
            return (null, "course_polyline", "is not a Google encoded polyline");
        }
    }

    private static (List<CoursePoint>?, string, string?) ParseGpx(string gpx)
    {
        if (gpx.Length > MaxGpxChars)
        {
            return (null, "course_gpx", $"is at most {MaxGpxChars} characters");
        }
        var points = new List<CoursePoint>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(gpx), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName is not ("trkpt" or "rtept"))
                {
                    continue;
                }
                if (!double.TryParse(reader.GetAttribute("lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                    || !double.TryParse(reader.GetAttribute("lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
                {
                    return (null, "course_gpx", $"point {points.Count} lacks a numeric lat or lon");
                }
                points.Add(new CoursePoint(lat, lon));
                if (points.Count > MaxPoints)
                {
                    break;
                }
            }
        }
        catch (XmlException e)
        {
            return (null, "course_gpx", "is not a GPX document: " + e.Message);
        }
        return (points, "course_gpx", null);
    }
}
