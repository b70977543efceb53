using System.Globalization;
using System.Text;
using System.Xml;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// GPX 1.1 with heart rate in Garmin's TrackPointExtension. Coordinates are written round-trip ("R"), so a parser
/// reads back exactly the stored doubles; times with milliseconds, UTC.
/// </summary>
public static class GpxWriter
{
    public const string ContentType = "application/gpx+xml";
    private const string GpxNs = "http://www.topografix.com/GPX/1/1";
    private const string TpxNs = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1";

    public static string Write(ActivityRecord activity, IReadOnlyList<GpsPoint> points, IReadOnlyList<int?> heartRate)
    {
        var text = new StringBuilder(128 + points.Count * 200);
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("gpx", GpxNs);
            xml.WriteAttributeString("version", "1.1");
            xml.WriteAttributeString("creator", "Splitstream");
            xml.WriteAttributeString("xmlns", "gpxtpx", null, TpxNs);
            xml.WriteStartElement("metadata", GpxNs);
            xml.WriteElementString("time", GpxNs, Time(activity.StartedAtMs));
            xml.WriteEndElement();
            xml.WriteStartElement("trk", GpxNs);
            xml.WriteElementString("name", GpxNs, activity.ActivityId);
            xml.WriteElementString("type", GpxNs, activity.Sport);
            xml.WriteStartElement("trkseg", GpxNs);
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                xml.WriteStartElement("trkpt", GpxNs);
                xml.WriteAttributeString("lat", p.Lat.ToString("R", CultureInfo.InvariantCulture));
                xml.WriteAttributeString("lon", p.Lon.ToString("R", CultureInfo.InvariantCulture));
                if (p.Ele is { } ele)
                {
                    xml.WriteElementString("ele", GpxNs, ele.ToString("R", CultureInfo.InvariantCulture));
                }
                xml.WriteElementString("time", GpxNs, Time(p.TimeMs));
                if (heartRate[i] is { } bpm)
                {
                    xml.WriteStartElement("extensions", GpxNs);
                    xml.WriteStartElement("gpxtpx", "TrackPointExtension", TpxNs);
                    xml.WriteElementString("gpxtpx", "hr", TpxNs, bpm.ToString(CultureInfo.InvariantCulture));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return text.ToString();
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
