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
    public const int FlushEvery = 1000;

    /// <summary>Writes the GPX as the points arrive, flushing every <see cref="FlushEvery"/> points: nothing holds the whole track.</summary>
    public static async Task WriteAsync(Stream output, ActivityRecord activity, IAsyncEnumerable<(GpsPoint Point, int? Bpm)> points,
        CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), Async = true });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "gpx", GpxNs);
        await xml.WriteAttributeStringAsync(null, "version", null, "1.1");
        await xml.WriteAttributeStringAsync(null, "creator", null, "Splitstream");
        await xml.WriteAttributeStringAsync("xmlns", "gpxtpx", null, TpxNs);
        await xml.WriteStartElementAsync(null, "metadata", GpxNs);
        await xml.WriteElementStringAsync(null, "time", GpxNs, Time(activity.StartedAtMs));
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "trk", GpxNs);
        await xml.WriteElementStringAsync(null, "name", GpxNs, activity.ActivityId);
        await xml.WriteElementStringAsync(null, "type", GpxNs, activity.Sport);
        await xml.WriteStartElementAsync(null, "trkseg", GpxNs);
        var written = 0;
        await foreach (var (p, bpm) in points.WithCancellation(cancellationToken))
        {
            await xml.WriteStartElementAsync(null, "trkpt", GpxNs);
            await xml.WriteAttributeStringAsync(null, "lat", null, p.Lat.ToString("R", CultureInfo.InvariantCulture));
            await xml.WriteAttributeStringAsync(null, "lon", null, p.Lon.ToString("R", CultureInfo.InvariantCulture));
            if (p.Ele is { } ele)
            {
                await xml.WriteElementStringAsync(null, "ele", GpxNs, ele.ToString("R", CultureInfo.InvariantCulture));
            }
            await xml.WriteElementStringAsync(null, "time", GpxNs, Time(p.TimeMs));
            if (bpm is { } hr)
            {
                await xml.WriteStartElementAsync(null, "extensions", GpxNs);
                await xml.WriteStartElementAsync("gpxtpx", "TrackPointExtension", TpxNs);
                await xml.WriteElementStringAsync("gpxtpx", "hr", TpxNs, hr.ToString(CultureInfo.InvariantCulture));
                await xml.WriteEndElementAsync();
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
            if (++written % FlushEvery == 0)
            {
                await xml.FlushAsync();
            }
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
