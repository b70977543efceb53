using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Splitstream.Fit;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// FIT files through the whole pipeline: upload, status, the points in the store, the summary, device laps,
/// duplicates, and exports that Garmin's SDK reads and that import again to the same points.
/// </summary>
public sealed class FitImportEndToEndTests(WorkoutsPipeline pipeline) : IClassFixture<WorkoutsPipeline>
{
    [Fact]
    public async Task A_real_fit_file_imports_with_exactly_its_points_times_and_heart_rates_and_again_is_a_duplicate()
    {
        var bytes = await File.ReadAllBytesAsync(FitCases.Real("dblock-fr910xt-run-2014-slovenia.fit"));
        var fit = FitDecoder.Decode(bytes, 1_000_000);

        var accepted = await pipeline.UploadReadyAsync("fit-ann", bytes, "?external_id=garmin-123");
        var activityId = accepted.GetProperty("activity_id").GetString()!;

        var gps = await pipeline.GpsAsync(activityId, fit.Records.Count);
        var hr = await pipeline.Store.GetHeartRateAsync(activityId);
        Assert.Equal(fit.Records.Select(r => (r.TimeMs, r.Lat!.Value, r.Lon!.Value)), gps.Select(p => (p.TimeMs, p.Lat, p.Lon)));
        Assert.Equal(fit.Records.Select(r => (r.TimeMs, r.HeartRate!.Value)), hr.Select(p => (p.TimeMs, p.Bpm)));
        var source = TcxSource.Read(FitCases.RealTcx("dblock-fr910xt-run-2014-slovenia.tcx"));
        Assert.Equal(source.Select(s => (s.TimeMs, s.Hr)), hr.Select(p => (p.TimeMs, (int?)p.Bpm)));

        using var ingest = pipeline.Ingest("fit-ann");
        foreach (var query in new[] { "?external_id=garmin-123", "" })
        {
            using var again = new ByteArrayContent(bytes);
            again.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ant.fit");
            var repeat = await (await ingest.PostAsync("/v1/uploads" + query, again)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((activityId, "duplicate"), (repeat.GetProperty("activity_id").GetString(), repeat.GetProperty("status").GetString()));
            var status = await ingest.GetFromJsonAsync<JsonElement>($"/v1/uploads/{repeat.GetProperty("upload_id").GetString()}");
            Assert.Equal((activityId, "duplicate"), (status.GetProperty("activity_id").GetString(), status.GetProperty("status").GetString()));
        }
        using var list = pipeline.Query("fit-ann");
        var activities = await list.GetFromJsonAsync<JsonElement>("/v1/users/fit-ann/activities");
        Assert.Equal(1, activities.GetProperty("activities").GetArrayLength());
        using var stranger = pipeline.Ingest("fit-stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/uploads/{accepted.GetProperty("upload_id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task An_indoor_file_without_positions_becomes_an_activity_with_duration_and_heart_rate()
    {
        var accepted = await pipeline.UploadReadyAsync("fit-indoor", await File.ReadAllBytesAsync(FitCases.Case("indoor.fit")));
        var activityId = accepted.GetProperty("activity_id").GetString()!;

        using var http = pipeline.Query("fit-indoor");
        // "ready" is the finished summary, which the stop can complete before the heart-rate partition is read; the
        // heart rate then corrects it (late data corrects summaries). Wait for the summary that covers it.
        var summary = await http.GetFromJsonAsync<JsonElement>($"/v1/activities/{activityId}");
        for (var deadline = DateTime.UtcNow.AddSeconds(60);
             summary.GetProperty("elapsed_time_s").GetDouble() < 1 && DateTime.UtcNow < deadline;
             summary = await http.GetFromJsonAsync<JsonElement>($"/v1/activities/{activityId}"))
        {
            await Task.Delay(200);
        }
        Assert.Equal("run", summary.GetProperty("sport").GetString());
        Assert.Equal(599, summary.GetProperty("elapsed_time_s").GetDouble(), 0);
        Assert.True(summary.GetProperty("hr_avg").GetDouble() > 100, summary.ToString());
        // The points reach the store through their own sink, independently of the summary above (ci13 read 0 of 600
        // here, right after the summary showed the heart rate): wait for them, then for nothing more.
        var stored = await pipeline.Store.GetHeartRateAsync(activityId);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); stored.Count < 600 && DateTime.UtcNow < deadline; stored = await pipeline.Store.GetHeartRateAsync(activityId))
        {
            await Task.Delay(200);
        }
        Assert.Equal(600, stored.Count);
        Assert.Empty(await pipeline.Store.GetGpsAsync(activityId));
    }

    [Fact]
    public async Task Device_laps_are_kept_and_the_fit_export_decodes_with_garmins_sdk_and_imports_to_the_same_points()
    {
        var accepted = await pipeline.UploadReadyAsync("fit-laps", await File.ReadAllBytesAsync(FitCases.Case("laps.fit")));
        var activityId = accepted.GetProperty("activity_id").GetString()!;
        using var http = pipeline.Query("fit-laps");

        var laps = await http.GetFromJsonAsync<JsonElement>($"/v1/activities/{activityId}/laps");
        Assert.Equal([300.0, 300.0, 299.0], laps.GetProperty("laps").EnumerateArray().Select(l => l.GetProperty("elapsed_time_s").GetDouble()));

        // "ready" means summarised; the point sink is another consumer group: the export reads what it has stored.
        var gps = await pipeline.GpsAsync(activityId, 840);
        Assert.Equal(840, gps.Count);
        var export = await http.GetAsync($"/v1/activities/{activityId}/export?format=fit");
        Assert.Equal("application/vnd.ant.fit", export.Content.Headers.ContentType?.MediaType);
        var exported = await export.Content.ReadAsByteArrayAsync();
        var path = Path.Combine(Path.GetTempPath(), $"splitstream-export-{Guid.NewGuid():N}.fit");
        await File.WriteAllBytesAsync(path, exported);
        var sdk = FitSdk.Decode(path);
        File.Delete(path);
        Assert.True(sdk.GetProperty("integrity").GetBoolean());
        Assert.Equal(0, sdk.GetProperty("errors").GetArrayLength());
        Assert.Equal(3, sdk.GetProperty("laps").GetArrayLength());

        var hr = await pipeline.Store.GetHeartRateAsync(activityId);
        Assert.Equal(gps.Select(p => (p.TimeMs, FitSemicircles.FromDegrees(p.Lat), FitSemicircles.FromDegrees(p.Lon))),
            sdk.GetProperty("records").EnumerateArray().Select(r => (r.GetProperty("t").GetInt64(), r.GetProperty("lat").GetInt32(), r.GetProperty("lon").GetInt32())));

        // Imported again (by another athlete: for its owner the same start time is a duplicate), the same points.
        var again = await pipeline.UploadReadyAsync("fit-laps-2", exported);
        var againId = again.GetProperty("activity_id").GetString()!;
        Assert.Equal(gps.Select(p => (p.TimeMs, p.Lat, p.Lon)), (await pipeline.GpsAsync(againId, gps.Count)).Select(p => (p.TimeMs, p.Lat, p.Lon)));
        Assert.Equal(hr.Select(p => (p.TimeMs, p.Bpm)), (await pipeline.Store.GetHeartRateAsync(againId)).Select(p => (p.TimeMs, p.Bpm)));
    }

    [Theory]
    [InlineData("tcx", "TrainingCenterDatabase")]
    [InlineData("gpx", "gpx")]
    public async Task An_upload_exports_as_xml_with_every_point(string format, string root)
    {
        var accepted = await pipeline.UploadReadyAsync($"fit-{format}", await File.ReadAllBytesAsync(FitCases.Case("summary-first.fit")));
        var activityId = accepted.GetProperty("activity_id").GetString()!;
        // "ready" means summarised; the point sink is another consumer group and may still be writing.
        Assert.Equal(300, (await pipeline.GpsAsync(activityId, 300)).Count);
        using var http = pipeline.Query($"fit-{format}");

        var document = XDocument.Parse(await http.GetStringAsync($"/v1/activities/{activityId}/export?format={format}"));

        Assert.Equal(root, document.Root!.Name.LocalName);
        Assert.Equal(300, document.Descendants().Count(e => e.Name.LocalName is "Trackpoint" or "trkpt"));
        using var stranger = pipeline.Query("fit-nobody");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/activities/{activityId}/export?format={format}")).StatusCode);
    }

    [Fact]
    public async Task A_corrupt_fit_upload_is_a_400_naming_the_fit_field()
    {
        var bytes = await File.ReadAllBytesAsync(FitCases.Case("laps.fit"));
        bytes[^1] ^= 0x5A;
        using var http = pipeline.Ingest("fit-corrupt");

        var response = await http.PostAsync("/v1/uploads", new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("file.crc", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
