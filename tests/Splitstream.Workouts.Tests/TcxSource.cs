using System.Globalization;
using System.Xml.Linq;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// The trackpoints of a real TCX file read with LINQ to XML, independently of the gateway's parser: the source the
/// real FIT files were written from (one record per distinct time, the first trackpoint of a repeated time).
/// </summary>
public static class TcxSource
{
    private static readonly XNamespace Ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    public static List<(long TimeMs, double Lat, double Lon, double? Ele, int? Hr)> Read(string path) =>
        XDocument.Load(path).Descendants(Ns + "Trackpoint")
            .Where(t => t.Element(Ns + "Position") is not null)
            .Select(t => (
                TimeMs: DateTimeOffset.Parse(t.Element(Ns + "Time")!.Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
                Lat: double.Parse(t.Element(Ns + "Position")!.Element(Ns + "LatitudeDegrees")!.Value, CultureInfo.InvariantCulture),
                Lon: double.Parse(t.Element(Ns + "Position")!.Element(Ns + "LongitudeDegrees")!.Value, CultureInfo.InvariantCulture),
                Ele: t.Element(Ns + "AltitudeMeters") is { } e ? double.Parse(e.Value, CultureInfo.InvariantCulture) : (double?)null,
                Hr: t.Element(Ns + "HeartRateBpm")?.Element(Ns + "Value") is { } h ? int.Parse(h.Value, CultureInfo.InvariantCulture) : (int?)null))
            .DistinctBy(p => p.TimeMs)
            .ToList();
}
