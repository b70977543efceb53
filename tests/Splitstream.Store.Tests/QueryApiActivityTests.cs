using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

public sealed class QueryApiActivityTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    [Fact]
    public async Task The_summary_carries_the_design_fields_and_an_ETag_that_If_None_Match_turns_into_304()
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.WithEfforts(TestData.Summary(id, owner, distanceM: 5000), ("1km", 1_000, 301.5), ("5km", 5_000, 1_620))]);
        using var http = host.Client(owner);

        var first = await http.GetAsync($"/v1/activities/{id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(id, root.GetProperty("activity_id").GetString());
        Assert.Equal(5000, root.GetProperty("distance_m").GetDouble());
        Assert.Equal("2026-11-16T07:00:00+00:00", root.GetProperty("started_at").GetString());
        Assert.Equal(171, root.GetProperty("hr_max").GetInt32());
        Assert.Equal(1, root.GetProperty("splits")[0].GetProperty("km").GetInt32());
        var efforts = root.GetProperty("best_efforts");
        Assert.Equal(["1km", "5km"], efforts.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(5_000, efforts[1].GetProperty("distance_m").GetDouble());
        Assert.Equal(301.5, efforts[0].GetProperty("time_s").GetDouble());
        foreach (var field in new[] { "user_id", "sport", "status", "moving_time_s", "elapsed_time_s", "avg_pace_s_per_km", "avg_speed_mps",
                     "max_speed_mps", "elevation_gain_m", "hr_avg", "points_count", "polyline" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/activities/{id}");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner, distanceM: 5100)]);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/v1/activities/{id}");
        stale.Headers.IfNoneMatch.Add(etag);
        var changed = await http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task A_stop_event_changes_the_status_and_so_the_ETag_even_without_a_new_summary()
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner, status: "active")]);
        using var http = host.Client(owner);
        var before = (await http.GetAsync($"/v1/activities/{id}")).Headers.ETag;

        await host.Store.ApplyActivityEventsAsync([new Schemas.V1.ActivityEvent { ActivityId = id, Stopped = new Schemas.V1.Stopped() }]);
        var after = await http.GetAsync($"/v1/activities/{id}");

        Assert.NotEqual(before, after.Headers.ETag);
        Assert.Contains("\"status\":\"finished\"", await after.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=12:00", "to")]
    [InlineData("from=2000&to=1000", "to")]
    [InlineData("format=kml", "format")]
    public async Task Bad_point_query_parameters_are_problems_naming_the_parameter(string query, string parameter)
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        using var http = host.Client(owner);

        var response = await http.GetAsync($"/v1/activities/{id}/points?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Theory]
    [InlineData("from=1794812460000&to=1794812520000")]
    [InlineData("from=2026-11-16T07:01:00Z&to=2026-11-16T07:02:00Z")]
    public async Task Points_are_time_ordered_within_from_and_to_with_heart_rate_joined(string query)
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        var track = TestData.Track(id, 300);
        await host.Store.WriteGpsAsync(track);
        await host.Store.WriteHeartRateAsync(TestData.HeartRate(id, 100, everyMs: 3000));
        using var http = host.Client(owner);

        using var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/activities/{id}/points?{query}"));

        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(track.Skip(60).Take(60).Select(p => p.TimeMs), points.Select(p => p.GetProperty("t").GetInt64()));
        Assert.Equal(track.Skip(60).Take(60).Select(p => p.Lat), points.Select(p => p.GetProperty("lat").GetDouble()));
        // Heart rate every 3 s: every GPS second is within 2 s of one (nearest wins).
        Assert.All(points, p => Assert.Equal(JsonValueKind.Number, p.GetProperty("hr").ValueKind));
    }

    [Fact]
    public async Task The_GPX_export_parses_with_gpxpy_into_exactly_the_stored_points_and_their_heart_rate()
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        var track = TestData.Track(id, 400, speedMps: 3.7);
        // Heart rate at another rate and phase, with a gap: some points get none.
        var heart = TestData.HeartRate(id, 150, startMs: TestData.Start.ToUnixTimeMilliseconds() + 500, everyMs: 2500)
            .Where(h => h.TimeMs < TestData.Start.ToUnixTimeMilliseconds() + 100_000 || h.TimeMs > TestData.Start.ToUnixTimeMilliseconds() + 150_000)
            .ToList();
        await host.Store.WriteGpsAsync(track);
        await host.Store.WriteHeartRateAsync(heart);
        using var http = host.Client(owner);

        var response = await http.GetAsync($"/v1/activities/{id}/points?format=gpx");
        Assert.Equal("application/gpx+xml", response.Content.Headers.ContentType?.MediaType);
        var parsed = ParseWithGpxpy(await response.Content.ReadAsStringAsync());

        Assert.Equal(track.Count, parsed.Count);
        for (var i = 0; i < track.Count; i++)
        {
            var expectedHr = heart.Where(h => Math.Abs(h.TimeMs - track[i].TimeMs) <= 2000)
                .OrderBy(h => Math.Abs(h.TimeMs - track[i].TimeMs)).ThenByDescending(h => h.TimeMs).Select(h => (int?)h.Bpm).FirstOrDefault();
            Assert.Equal((track[i].TimeMs, track[i].Lat, track[i].Lon, track[i].Ele, expectedHr), parsed[i]);
        }
        Assert.Contains(parsed, p => p.Hr is null);
    }

    /// <summary>The points of a GPX document as gpxpy reads them (<see cref="GpxPy"/>, the independent reader).</summary>
    private static List<(long TimeMs, double Lat, double Lon, double? Ele, int? Hr)> ParseWithGpxpy(string gpx)
    {
        var path = Path.Combine(Path.GetTempPath(), $"splitstream-points-{Guid.NewGuid():N}.gpx");
        File.WriteAllText(path, gpx);
        try
        {
            return [.. GpxPy.Read([path]).Single().Value.Select(p => (p.Ms, p.Lat, p.Lon, p.Ele, p.Hr))];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly NodeOracle PolylineCodec = new("Splitstream.Store.Tests", "polyline-codec", "@googlemaps/polyline-codec");

    /// <summary>
    /// A real run (Garmin Connect, a Forerunner 945 in New Jersey; read by gpxpy), its polyline grown live 250 points per summary as the processor's
    /// incremental encoder grows it, kept in chunks by the store: GET sends the whole track, and Google's own codec
    /// decodes it to every distinct point of the file within the precision-5 rounding, in order.
    /// </summary>
    [Fact]
    public async Task A_long_real_track_grown_live_comes_back_whole_through_GET_as_Google_s_codec_decodes_it()
    {
        var file = Path.Combine(RepoPaths.Root, "..", "shared", "data", "real", "sportslib-garminconnect-fr945-run-nj.gpx");
        var points = GpxPy.Read([file]).Single().Value;
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        var encoder = new Geo.PolylineEncoder();
        for (var i = 0; i < points.Count; i++)
        {
            encoder.AppendIfDistinct(points[i].Lat, points[i].Lon);
            if ((i + 1) % 250 == 0 || i == points.Count - 1)
            {
                var summary = TestData.Summary(id, owner, status: i == points.Count - 1 ? "finished" : "active");
                summary.Polyline = encoder.ToString();
                await host.Store.UpsertSummariesAsync([summary]);
            }
        }
        using var http = host.Client(owner);
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/activities/{id}"));
        var polyline = json.RootElement.GetProperty("polyline").GetString()!;
        Assert.True(polyline.Length > 3 * SqlStore.PolylineChunkChars, $"{polyline.Length} characters: the track must span several chunks");

        var input = Path.Combine(Path.GetTempPath(), $"splitstream-polyline-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new[] { polyline }));
        double[][] decoded;
        try
        {
            decoded = JsonSerializer.Deserialize<double[][][]>(PolylineCodec.Node("decode.mjs", input))!.Single();
        }
        finally
        {
            File.Delete(input);
        }

        // Each file point lies on the decoded point it rounded to, or the next one (a point that rounds to the previous
        // one adds nothing); the walk must end on the last decoded point.
        const double HalfStep = 0.5e-5 + 1e-9;
        static bool Near(double[] d, GpxPyPoint p) => Math.Abs(d[0] - p.Lat) <= HalfStep && Math.Abs(d[1] - p.Lon) <= HalfStep;
        var at = 0;
        foreach (var point in points)
        {
            if (!Near(decoded[at], point))
            {
                at++;
                Assert.True(at < decoded.Length && Near(decoded[at], point), $"file point {point} is not on decoded point {at} or the next");
            }
        }
        Assert.Equal(decoded.Length - 1, at);
        Assert.True(decoded.Length > points.Count * 9 / 10, $"{decoded.Length} decoded of {points.Count} file points");
    }

    [Fact]
    public async Task Window_metrics_come_back_in_window_order()
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        await host.Store.UpsertWindowsAsync([TestData.Window(id, 2, 190), TestData.Window(id, 0, 170), TestData.Window(id, 1, 180, hrAvg: null)]);
        using var http = host.Client(owner);

        using var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/activities/{id}/windows"));

        var windows = json.RootElement.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([170.0, 180.0, 190.0], windows.Select(w => w.GetProperty("distance_m").GetDouble()));
        Assert.Equal(JsonValueKind.Null, windows[1].GetProperty("hr_avg").ValueKind);
        Assert.Equal("2026-11-16T07:00:00+00:00", windows[0].GetProperty("window_start").GetString());
    }
}
