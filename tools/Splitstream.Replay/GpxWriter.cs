using System.Globalization;
using System.Text;
using System.Xml;
using Splitstream.Schemas.V1;

namespace Splitstream.Replay;

/// <summary>GPX 1.1 of one activity: one track, one segment, points in time order, heart rate in Garmin's TrackPointExtension.</summary>
public static class GpxWriter
{
    public const string GpxNamespace = "http://www.topografix.com/GPX/1/1";
    public const string TrackPointExtensionNamespace = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1";

    public static void Write(Stream output, string activityId, IReadOnlyList<GpsSample> points, Func<long, int?> heartRateAt)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("gpx", GpxNamespace);
        xml.WriteAttributeString("version", "1.1");
        xml.WriteAttributeString("creator", "splitstream replay");
        xml.WriteAttributeString("xmlns", "gpxtpx", null, TrackPointExtensionNamespace);
        xml.WriteStartElement("metadata", GpxNamespace);
        xml.WriteElementString("name", GpxNamespace, activityId);
        if (points.Count > 0)
        {
            xml.WriteElementString("time", GpxNamespace, Time(points[0].TimeMs));
        }
        xml.WriteEndElement();
        xml.WriteStartElement("trk", GpxNamespace);
        xml.WriteElementString("name", GpxNamespace, activityId);
        xml.WriteStartElement("trkseg", GpxNamespace);
        foreach (var p in points)
        {
            xml.WriteStartElement("trkpt", GpxNamespace);
            xml.WriteAttributeString("lat", p.Lat.ToString("R", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("lon", p.Lon.ToString("R", CultureInfo.InvariantCulture));
            if (p.HasEle)
            {
                xml.WriteElementString("ele", GpxNamespace, p.Ele.ToString("R", CultureInfo.InvariantCulture));
            }
            xml.WriteElementString("time", GpxNamespace, Time(p.TimeMs));
            if (heartRateAt(p.TimeMs) is { } bpm)
            {
                xml.WriteStartElement("extensions", GpxNamespace);
                xml.WriteStartElement("TrackPointExtension", TrackPointExtensionNamespace);
                xml.WriteElementString("hr", TrackPointExtensionNamespace, bpm.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndDocument();
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
