using System.Globalization;
using System.Xml.Linq;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// One TCX trackpoint read with LINQ to XML, position and heart rate optional (a trackpoint may carry only one of
/// them): what a TCX round trip must keep.
/// </summary>
public sealed record TcxTrackpoint(long TimeMs, double? Lat, double? Lon, double? Ele, int? Hr)
{
    private static readonly XNamespace Ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    /// <summary>Every trackpoint of a document, in document order.</summary>
    public static List<TcxTrackpoint> ReadAll(XDocument document) =>
        document.Descendants(Ns + "Trackpoint").Select(t => new TcxTrackpoint(
            DateTimeOffset.Parse(t.Element(Ns + "Time")!.Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            Number(t.Element(Ns + "Position")?.Element(Ns + "LatitudeDegrees")),
            Number(t.Element(Ns + "Position")?.Element(Ns + "LongitudeDegrees")),
            Number(t.Element(Ns + "AltitudeMeters")),
            t.Element(Ns + "HeartRateBpm")?.Element(Ns + "Value") is { } hr ? int.Parse(hr.Value, CultureInfo.InvariantCulture) : null)).ToList();

    private static double? Number(XElement? element) => element is null ? null : double.Parse(element.Value, CultureInfo.InvariantCulture);
}
