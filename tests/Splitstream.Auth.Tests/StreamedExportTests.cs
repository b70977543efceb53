using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using Xunit.Abstractions;

namespace Splitstream.Auth.Tests;

/// <summary>
/// /points and its GPX export of a 300k-point activity are streamed from the store's readers: the managed heap grows by
/// a small fraction of what the whole answer, built in memory as before, takes.
/// </summary>
public sealed class StreamedExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Points = 300_000;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));
    private ServiceHost query = null!;
    private string activityId = "";

    public async Task InitializeAsync()
    {
        query = await ServiceHost.StartQueryAsync(null, ServiceHost.Embedded(Path.Combine(directory, "points.db")));
        var store = query.Services.GetRequiredService<ISplitstreamStore>();
        activityId = Guid.NewGuid().ToString();
        var start = DateTimeOffset.UtcNow.AddDays(-5).ToUnixTimeMilliseconds();
        await store.ApplyActivityEventsAsync([new ActivityEvent
        {
            ActivityId = activityId, EventTimeMs = start, Started = new Started { UserId = "long-runner", Sport = "ride" },
        }]);
        for (var offset = 0; offset < Points; offset += 50_000)
        {
            var gps = Enumerable.Range(offset, 50_000)
                .Select(i => new GpsPoint(activityId, start + i * 1000L, 45 + i * 1e-6, -73 + i * 1e-6, 100 + i % 50, 4)).ToList();
            await store.WriteGpsAsync(gps);
            await store.WriteHeartRateAsync([.. gps.Select((p, j) => (p, i: offset + j)).Where(x => x.i % 2 == 0)
                .Select(x => new HeartRatePoint(activityId, x.p.TimeMs + 300, 120 + x.i % 60))]);
        }
    }

    public async Task DisposeAsync()
    {
        await query.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("gpx")]
    public async Task A_300k_point_export_streams_with_a_small_fraction_of_the_memory_of_building_it_whole(string format)
    {
        using var http = query.Client(query.Tokens.Issue("long-runner", Roles.Athlete, TimeSpan.FromHours(1)));
        var store = query.Services.GetRequiredService<ISplitstreamStore>();

        // Before: the answer as the route built it until now, whole in memory (points, heart rate, the serialized body).
        var whole = await PeakHeapGrowthAsync(async () =>
        {
            var gps = await store.GetGpsAsync(activityId);
            var hr = await store.GetHeartRateAsync(activityId);
            var body = JsonSerializer.SerializeToUtf8Bytes(new { activity_id = activityId, points = gps.Select(p => new { t = p.TimeMs, lat = p.Lat, lon = p.Lon, ele = p.Ele, acc = p.Acc, hr = (int?)null }).ToList() });
            GC.KeepAlive(hr);
            return body.LongLength;
        });
        // After: the route streams; the client counts bytes and checks the shape as it reads.
        var streamed = await PeakHeapGrowthAsync(async () =>
        {
            using var response = await http.GetAsync($"/v1/activities/{activityId}/points?format={format}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            return format == "json" ? await CountJsonPointsAsync(body) : CountGpxPoints(body);
        });

        output.WriteLine($"{format}: whole {whole.Peak / 1048576.0:0.0} MiB peak live-heap growth; streamed {streamed.Peak / 1048576.0:0.0} MiB ({streamed.Result} points)");
        Assert.Equal(Points, streamed.Result);
        Assert.True(streamed.Peak < whole.Peak / 2, $"streamed {streamed.Peak} bytes vs whole {whole.Peak} bytes");
    }

    [Fact]
    public async Task Streamed_points_join_heart_rate_as_the_nearest_sample_within_2_s()
    {
        using var http = query.Client(query.Tokens.Issue("long-runner", Roles.Athlete, TimeSpan.FromHours(1)));
        var start = (await query.Services.GetRequiredService<ISplitstreamStore>().GetActivityAsync(activityId))!.StartedAtMs;

        var body = await http.GetStringAsync($"/v1/activities/{activityId}/points?from={start}&to={start + 5000}");
        var points = JsonDocument.Parse(body).RootElement.GetProperty("points").EnumerateArray().ToList();

        Assert.Equal(5, points.Count);
        // HR every 2 s at +300 ms: point 0 and 1 both take sample 0 (300 ms and 700 ms away), point 2 sample 2000+300.
        Assert.Equal([120, 120, 122, 122, 124], points.Select(p => p.GetProperty("hr").GetInt32()));
        Assert.Equal(JsonValueKind.Number, points[0].GetProperty("ele").ValueKind);
    }

    /// <summary>Counts <c>{"t":</c> as the bytes arrive, across chunk boundaries: the test's own memory stays flat too.</summary>
    private static async Task<int> CountJsonPointsAsync(Stream body)
    {
        var marker = "{\"t\":"u8.ToArray();
        var buffer = new byte[64 * 1024 + marker.Length];
        var carried = 0;
        var count = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried))) > 0)
        {
            var span = buffer.AsSpan(0, carried + read);
            for (var at = span.IndexOf(marker); at >= 0; at = span.IndexOf(marker))
            {
                count++;
                span = span[(at + marker.Length)..];
            }
            carried = Math.Min(span.Length, marker.Length - 1);
            span[^carried..].CopyTo(buffer);
        }
        return count;
    }

    private static int CountGpxPoints(Stream body)
    {
        using var reader = System.Xml.XmlReader.Create(body, new System.Xml.XmlReaderSettings { Async = false });
        var count = 0;
        XNamespace gpx = "http://www.topografix.com/GPX/1/1";
        while (reader.Read())
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "trkpt" && reader.NamespaceURI == gpx.NamespaceName)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Runs <paramref name="work"/> while sampling the managed heap; the peak above the starting heap, and the work's result.</summary>
    private static async Task<(long Peak, T Result)> PeakHeapGrowthAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(false);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        // Live memory, not heap size: GetTotalMemory(false) also counts garbage the GC has not collected yet, and how much
        // that is depends on the machine (server GC sizes gen0 by the CPU cache): a streamed export's short-lived buffers
        // then looked like 113 MiB on one machine and a few on another. A young-generation collection before each
        // sample leaves what is reachable; the whole-body build keeps its buffers reachable, the stream does not.
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(1, GCCollectionMode.Forced, blocking: true);
                peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                await Task.Delay(5);
            }
        });
        var result = await work();
        await stop.CancelAsync();
        await sampler;
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        return (Math.Max(peak, GC.GetTotalMemory(false) - baseline), result);
    }
}
