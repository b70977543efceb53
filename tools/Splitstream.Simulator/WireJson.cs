using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Splitstream.Simulator;

/// <summary>Request bodies of DESIGN §3, written by hand so they are compact and byte-for-byte reproducible.</summary>
public static class WireJson
{
    public static string Rfc3339(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Start(ActivitySpec spec) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("activity_id", spec.ActivityId.ToString());
        w.WriteString("sport", Geo.SportParser.ToWireName(spec.Sport));
        w.WriteString("started_at", Rfc3339(spec.StartMs));
        if (spec.RaceId is not null)
        {
            w.WriteString("race_id", spec.RaceId);
        }
        if (!string.IsNullOrEmpty(spec.Country))
        {
            w.WriteString("country", spec.Country);
        }
        w.WriteEndObject();
    });

    public static string Event(string type, long atMs) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("at", Rfc3339(atMs));
        w.WriteEndObject();
    });

    /// <summary><c>{"samples":[...]}</c> with times as epoch ms; heart-rate readings carry only <c>t</c> and <c>hr</c>.</summary>
    public static string Samples(IEnumerable<WireSample> samples) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("samples");
        foreach (var s in samples)
        {
            w.WriteStartObject();
            w.WriteNumber("t", s.TimeMs);
            if (s.Lat is double lat && s.Lon is double lon)
            {
                w.WriteNumber("lat", lat);
                w.WriteNumber("lon", lon);
                if (s.Ele is double ele)
                {
                    w.WriteNumber("ele", ele);
                }
                if (s.Acc is double acc)
                {
                    w.WriteNumber("acc", acc);
                }
            }
            if (s.Hr is int hr)
            {
                w.WriteNumber("hr", hr);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
