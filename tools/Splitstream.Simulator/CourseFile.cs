using System.Globalization;
using System.Xml.Linq;

namespace Splitstream.Simulator;

/// <summary>
/// The positions of a recorded track (GPX track or route points, TCX trackpoints) to race on: a real course instead of
/// a generated loop. Points without a position are skipped, and so are repeats of the point before (a device standing still).
/// </summary>
public static class CourseFile
{
    public static IReadOnlyList<RoutePoint> Read(string path)
    {
        var document = XDocument.Load(path);
        var root = document.Root ?? throw new InvalidDataException($"{path}: empty document");
        var points = root.Name.LocalName switch
        {
            "gpx" => root.Descendants().Where(e => e.Name.LocalName is "trkpt" or "rtept")
                .Select(e => (Lat: Number(e.Attribute("lat")?.Value), Lon: Number(e.Attribute("lon")?.Value))),
            "TrainingCenterDatabase" => root.Descendants().Where(e => e.Name.LocalName == "Position")
                .Select(e => (Lat: Number(Child(e, "LatitudeDegrees")), Lon: Number(Child(e, "LongitudeDegrees")))),
            _ => throw new InvalidDataException($"{path}: neither GPX nor TCX (root element {root.Name.LocalName})"),
        };
        var course = new List<RoutePoint>();
        foreach (var (lat, lon) in points)
        {
            if (lat is double la && lon is double lo && (course.Count == 0 || course[^1].Lat != la || course[^1].Lon != lo))
            {
                // Flat: a recorded altitude jumps by metres from fix to fix, which would jerk the racers' speed on grade.
                course.Add(new RoutePoint(la, lo, 0));
            }
        }
        return course.Count >= 2 ? course : throw new InvalidDataException($"{path}: fewer than two positions");
    }

    private static string? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
