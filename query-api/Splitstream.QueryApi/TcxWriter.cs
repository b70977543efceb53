using System.Globalization;
using System.Text;
using System.Xml;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// TCX (Training Center Database v2) written straight to the response: one Activity with the stored laps (or one lap
/// over the whole activity) and a Trackpoint per record of <see cref="ExportRecords"/>; heart-rate-only records become
/// Trackpoints without a Position, which is how TCX carries a sensor reading.
/// </summary>
public static class TcxWriter
{
    public const string ContentType = "application/vnd.garmin.tcx+xml";
    private const string Ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    public static async Task WriteAsync(Stream output, ActivityRecord activity, IReadOnlyList<ExportPoint> records, IReadOnlyList<LapRecord> laps,
        CancellationToken cancellationToken)
    {
        // Kestrel refuses synchronous writes: the XML goes into a small buffer that is copied out asynchronously.
        using var chunk = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(chunk, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("TrainingCenterDatabase", Ns);
        xml.WriteStartElement("Activities", Ns);
        xml.WriteStartElement("Activity", Ns);
        xml.WriteAttributeString("Sport", activity.Sport switch { "run" => "Running", "ride" => "Biking", _ => "Other" });
        xml.WriteElementString("Id", Ns, Time(activity.StartedAtMs));
        var end = records.Count > 0 ? records[^1].TimeMs : activity.StartedAtMs;
        IReadOnlyList<LapRecord> spans = laps.Count > 0 ? laps
            : [new LapRecord(0, activity.StartedAtMs, end, activity.ElapsedTimeS, activity.MovingTimeS, activity.DistanceM, null, null)];
        var next = 0;
        for (var l = 0; l < spans.Count; l++)
        {
            var lap = spans[l];
            xml.WriteStartElement("Lap", Ns);
            xml.WriteAttributeString("StartTime", Time(lap.StartMs));
            xml.WriteElementString("TotalTimeSeconds", Ns, Number(lap.TimerTimeS ?? (lap.EndMs - lap.StartMs) / 1000.0));
            xml.WriteElementString("DistanceMeters", Ns, Number(lap.DistanceM ?? 0));
            xml.WriteElementString("Calories", Ns, "0");
            xml.WriteElementString("Intensity", Ns, "Active");
            xml.WriteElementString("TriggerMethod", Ns, "Manual");
            xml.WriteStartElement("Track", Ns);
            // The last lap takes every remaining record, so none is lost to a lap boundary.
            for (; next < records.Count && (l == spans.Count - 1 || records[next].TimeMs < spans[l + 1].StartMs); next++)
            {
                WriteTrackpoint(xml, records[next]);
                if (next % 1000 == 999)
                {
                    await CopyOutAsync(xml, chunk, output, cancellationToken);
                }
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await CopyOutAsync(xml, chunk, output, cancellationToken);
    }

    private static async Task CopyOutAsync(XmlWriter xml, MemoryStream chunk, Stream output, CancellationToken cancellationToken)
    {
        xml.Flush();
        await output.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), cancellationToken);
        chunk.SetLength(0);
    }

    private static void WriteTrackpoint(XmlWriter xml, ExportPoint r)
    {
        xml.WriteStartElement("Trackpoint", Ns);
        xml.WriteElementString("Time", Ns, Time(r.TimeMs));
        if (r.HasPosition)
        {
            xml.WriteStartElement("Position", Ns);
            xml.WriteElementString("LatitudeDegrees", Ns, Number(r.Lat!.Value));
            xml.WriteElementString("LongitudeDegrees", Ns, Number(r.Lon!.Value));
            xml.WriteEndElement();
        }
        if (r.Ele is { } alt)
        {
            xml.WriteElementString("AltitudeMeters", Ns, Number(alt));
        }
        if (r.HeartRate is { } hr)
        {
            xml.WriteStartElement("HeartRateBpm", Ns);
            xml.WriteElementString("Value", Ns, hr.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
