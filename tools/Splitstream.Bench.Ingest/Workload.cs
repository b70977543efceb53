using System.Text.Json;
using Google.Protobuf;
using Splitstream.Schemas.V1;

namespace Splitstream.Bench.Ingest;

/// <summary>
/// The records every path sends: one activity per connection, 1 Hz GPS tracks with elevation and accuracy, one
/// GpsBatch record per batch on every path (so all three publish the same records), bodies built before the clock
/// starts so the client's own serialization is not measured as gateway time.
/// </summary>
public sealed class Workload
{
    private Workload(BenchSettings settings, DateTimeOffset start, string[] activities)
    {
        Settings = settings;
        Start = start;
        Activities = activities;
        Batches = Enumerable.Range(0, settings.Batches).Select(Batch).ToArray();
        JsonBodies = Batches.Select(JsonBody).ToArray();
        ProtobufBodies = Batches.Select(b => b.ToByteArray()).ToArray();
    }

    public BenchSettings Settings { get; }

    public DateTimeOffset Start { get; }

    public string[] Activities { get; }

    public GpsBatch[] Batches { get; }

    public byte[][] JsonBodies { get; }

    public byte[][] ProtobufBodies { get; }

    public static Workload Create(BenchSettings settings) =>
        new(settings, DateTimeOffset.UtcNow.AddDays(-3), Enumerable.Range(0, settings.Connections).Select(_ => Guid.NewGuid().ToString()).ToArray());

    /// <summary>Batch i belongs to connection i % connections and covers its own span of seconds.</summary>
    public string ActivityOf(int batch) => Activities[batch % Activities.Length];

    private GpsBatch Batch(int index)
    {
        var activity = ActivityOf(index);
        var t0 = Start.AddSeconds(60 + index / Activities.Length * Settings.BatchSize).ToUnixTimeMilliseconds();
        var gps = new GpsBatch { ActivityId = activity, UserId = "bench" };
        for (var i = 0; i < Settings.BatchSize; i++)
        {
            var t = t0 + i * 1000L;
            gps.Samples.Add(new GpsSample { TimeMs = t, Lat = 45.5 + i * 2.7e-5, Lon = -73.6 + i * 1.1e-5, Ele = 35.2 + i % 7, Acc = 4.5 });
        }
        return gps;
    }

    private static byte[] JsonBody(GpsBatch gps)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("samples");
            for (var i = 0; i < gps.Samples.Count; i++)
            {
                var s = gps.Samples[i];
                json.WriteStartObject();
                json.WriteString("t", DateTimeOffset.FromUnixTimeMilliseconds(s.TimeMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteNumber("lat", s.Lat);
                json.WriteNumber("lon", s.Lon);
                json.WriteNumber("ele", s.Ele);
                json.WriteNumber("acc", s.Acc);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public string Describe() =>
        $"{Settings.Batches} batches x {Settings.BatchSize} samples over {Settings.Connections} connections, embedded cluster of {Settings.Brokers} broker(s); " +
        $"JSON {JsonBodies.Average(b => b.Length) / 1024:0} KiB/batch, Protobuf {ProtobufBodies.Average(b => b.Length) / 1024:0} KiB/batch";
}
