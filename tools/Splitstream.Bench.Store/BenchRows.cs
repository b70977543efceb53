using System.Globalization;
using System.Text;
using Splitstream.Store;

namespace Splitstream.Bench.Store;

/// <summary>Synthetic point rows: activities of one point per second along a wiggly line, as the simulator produces them.</summary>
internal static class BenchRows
{
    public static List<GpsPoint> Generate(int activities, int pointsPerActivity, string prefix)
    {
        var rows = new List<GpsPoint>(activities * pointsPerActivity);
        var start = new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var a = 0; a < activities; a++)
        {
            var id = $"{prefix}-{a:D6}-{Guid.NewGuid():N}"[..40];
            for (var i = 0; i < pointsPerActivity; i++)
            {
                rows.Add(new GpsPoint(id, start + a * 10_000_000L + i * 1000L, 45.0 + i * 2.7e-5, -73.5 + Math.Sin(i / 50.0) * 1e-3,
                    30 + (i % 100) * 0.1, i % 4 == 0 ? 3.5 : null));
            }
        }
        return rows;
    }

    /// <summary>The same rows as CSV for psql's \copy (NULL as an empty unquoted field; doubles round-trip).</summary>
    public static void WriteCsv(IReadOnlyList<GpsPoint> rows, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(128);
        foreach (var p in rows)
        {
            line.Clear();
            line.Append(p.ActivityId).Append(',').Append(p.TimeMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(p.Lat.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(p.Lon.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(p.Ele?.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(p.Acc?.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }
}
