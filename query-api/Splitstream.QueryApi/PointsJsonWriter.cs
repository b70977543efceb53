using System.Text.Json;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// The JSON of <see cref="PointsResponse"/> (<c>{"activity_id", "points": [{"t","lat","lon","ele","acc","hr"}]}</c>)
/// written as the points arrive, flushed every <see cref="GpxWriter.FlushEvery"/> points, so a 300k-point activity
/// never sits in memory whole.
/// </summary>
public static class PointsJsonWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    public static async Task WriteAsync(Stream output, string activityId, IAsyncEnumerable<(GpsPoint Point, int? Bpm)> points, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("activity_id", activityId);
        json.WriteStartArray("points");
        var written = 0;
        await foreach (var (p, bpm) in points.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("t", p.TimeMs);
            json.WriteNumber("lat", p.Lat);
            json.WriteNumber("lon", p.Lon);
            WriteNullable(json, "ele", p.Ele);
            WriteNullable(json, "acc", p.Acc);
            WriteNullable(json, "hr", bpm);
            json.WriteEndObject();
            if (++written % GpxWriter.FlushEvery == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
