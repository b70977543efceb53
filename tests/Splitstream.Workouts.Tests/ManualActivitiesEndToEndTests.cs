using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Splitstream.Fit;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// Manual runs and strength sessions through the whole pipeline (DESIGN §10): POST /v1/activities/manual → activity.events.v1
/// → the metrics topology's summary (built by the sport's registry entry) → the store, stats, duration and volume goals
/// with their goal.achieved notifications, and the precomputed progress buckets; boards leave manual distances out; the
/// user's data export holds all of it.
/// </summary>
public sealed class ManualActivitiesEndToEndTests(WorkoutsPipeline pipeline) : IClassFixture<WorkoutsPipeline>
{
    [Fact]
    public async Task Manual_runs_and_strength_sessions_flow_into_stats_duration_and_volume_goals_and_progress()
    {
        const string user = "manual-ann";
        using var query = pipeline.Query(user);
        using var ingest = pipeline.Gateway.Client(user, Roles.Athlete);
        await PutGoalAsync(query, user, """{"sport":"run","kind":"duration","target_duration_s":3000}""");
        await PutGoalAsync(query, user, """{"sport":"strength","kind":"volume","target_volume_kg":6000}""");

        // Inside the current ISO week (UTC), where the goals count: an hour ago, or just after Monday 00:00 early on Mondays.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var weekStart = GoalPeriods.EndOf(GoalPeriods.Week, now) - 7 * 86_400_000L;
        var t0 = Math.Max(now - 3_600_000, weekStart + 60_000);
        var run1 = await LogAsync(ingest, $$"""{"activity_id":"{{Guid.NewGuid()}}","sport":"run","started_at":"{{At(t0)}}","duration_s":1800,"distance_m":5000,"notes":"tempo"}""");
        var run2 = await LogAsync(ingest, $$"""{"activity_id":"{{Guid.NewGuid()}}","sport":"run","started_at":"{{At(t0 + 60_000)}}","duration_s":1500,"distance_m":4000}""");
        // 3×5×100 + 3×8×60 = 1500 + 1440 = 2940 kg; 5×5×140 = 3500 kg; 3×12×0 (body weight) adds sets and reps, no kg.
        var lift1 = await LogAsync(ingest, $$"""
            {"activity_id":"{{Guid.NewGuid()}}","sport":"strength","started_at":"{{At(t0 + 120_000)}}","duration_s":2700,
             "exercises":[{"name":"squat","sets":[{"reps":5,"weight_kg":100},{"reps":5,"weight_kg":100},{"reps":5,"weight_kg":100}]},
                          {"name":"bench press","sets":[{"reps":8,"weight_kg":60},{"reps":8,"weight_kg":60},{"reps":8,"weight_kg":60}]},
                          {"name":"pull-up","sets":[{"reps":12,"weight_kg":0},{"reps":12,"weight_kg":0},{"reps":12,"weight_kg":0}]}]}
            """);
        var lift2 = await LogAsync(ingest, $$"""
            {"activity_id":"{{Guid.NewGuid()}}","sport":"strength","started_at":"{{At(t0 + 180_000)}}","duration_s":1200,
             "exercises":[{"name":"deadlift","sets":[{"reps":5,"weight_kg":140},{"reps":5,"weight_kg":140},{"reps":5,"weight_kg":140},{"reps":5,"weight_kg":140},{"reps":5,"weight_kg":140}]}]}
            """);

        var run = await SummaryAsync(query, run1);
        Assert.Equal(("run", "finished", true, 5000.0, 1800.0, 360.0, "tempo"), (run.GetProperty("sport").GetString(), run.GetProperty("status").GetString(),
            run.GetProperty("manual").GetBoolean(), run.GetProperty("distance_m").GetDouble(), run.GetProperty("moving_time_s").GetDouble(),
            run.GetProperty("avg_pace_s_per_km").GetDouble(), run.GetProperty("notes").GetString()));
        var lift = await SummaryAsync(query, lift1);
        Assert.Equal(("strength", 2940.0, 0.0, 2700.0), (lift.GetProperty("sport").GetString(), lift.GetProperty("volume_kg").GetDouble(),
            lift.GetProperty("distance_m").GetDouble(), lift.GetProperty("moving_time_s").GetDouble()));
        Assert.Equal([("squat", 3, 15, 1500.0), ("bench press", 3, 24, 1440.0), ("pull-up", 3, 36, 0.0)],
            lift.GetProperty("exercises").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("sets").GetInt32(),
                e.GetProperty("reps").GetInt32(), e.GetProperty("volume_kg").GetDouble())));
        await SummaryAsync(query, run2);
        await SummaryAsync(query, lift2);

        var stats = await query.GetFromJsonAsync<JsonElement>($"/v1/users/{user}/stats");
        var week = stats.GetProperty("totals").GetProperty("week");
        Assert.Equal((2, 9000.0, 3300.0), (week.GetProperty("run").GetProperty("activities").GetInt32(),
            week.GetProperty("run").GetProperty("distance_m").GetDouble(), week.GetProperty("run").GetProperty("moving_time_s").GetDouble()));
        Assert.Equal((2, 3900.0), (week.GetProperty("strength").GetProperty("activities").GetInt32(),
            week.GetProperty("strength").GetProperty("moving_time_s").GetDouble()));

        var goals = await WaitForAsync(query, $"/v1/users/{user}/goals",
            g => g.GetProperty("goals").EnumerateArray().All(x => x.GetProperty("progress").GetProperty("achieved").GetBoolean()));
        var byId = goals.GetProperty("goals").EnumerateArray().ToDictionary(g => g.GetProperty("goal_id").GetString()!, g => g.GetProperty("progress"));
        Assert.Equal((3300.0, 3000.0, 2), (byId["duration:run:week"].GetProperty("value").GetDouble(), byId["duration:run:week"].GetProperty("target").GetDouble(),
            byId["duration:run:week"].GetProperty("activities").GetInt32()));
        Assert.Equal((6440.0, 6000.0, 2), (byId["volume:strength:week"].GetProperty("value").GetDouble(), byId["volume:strength:week"].GetProperty("target").GetDouble(),
            byId["volume:strength:week"].GetProperty("activities").GetInt32()));
        var inbox = await WaitForAsync(query, $"/v1/users/{user}/notifications?limit=50",
            n => CountGoalAchieved(n) >= 2);
        Assert.Equal(2, CountGoalAchieved(inbox));

        var weekKey = BoardIds.IsoWeek(t0);
        Assert.Equal((weekKey, 6440.0, 4), Current(await ProgressAsync(query, user, "metric=volume&period=week"), weekKey));
        Assert.Equal((weekKey, 6440.0, 2), Current(await ProgressAsync(query, user, "metric=volume&period=week&sport=strength"), weekKey));
        Assert.Equal((weekKey, 9000.0, 2), Current(await ProgressAsync(query, user, "metric=distance&period=week&sport=run"), weekKey));
        Assert.Equal((weekKey, 7200.0, 4), Current(await ProgressAsync(query, user, "metric=moving_time&period=week"), weekKey));
        Assert.Equal((weekKey, 4.0, 4), Current(await ProgressAsync(query, user, "metric=count&period=week"), weekKey));
        var monthKey = DateTimeOffset.FromUnixTimeMilliseconds(t0).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal((monthKey, 3900.0, 2), Current(await ProgressAsync(query, user, "metric=moving_time&period=month&sport=strength"), monthKey));
    }

    [Fact]
    public async Task Boards_count_the_recorded_run_and_leave_a_manual_run_of_the_same_week_out()
    {
        const string user = "manual-bob";
        var bytes = await File.ReadAllBytesAsync(FitCases.Real("dblock-fr910xt-run-2014-slovenia.fit"));
        var fit = FitDecoder.Decode(bytes, 1_000_000);
        var recorded = (await pipeline.UploadReadyAsync(user, bytes)).GetProperty("activity_id").GetString()!;
        using var ingest = pipeline.Gateway.Client(user, Roles.Athlete);
        var start = fit.Records[0].TimeMs + 3_600_000;
        var manual = await LogAsync(ingest, $$"""{"activity_id":"{{Guid.NewGuid()}}","sport":"run","started_at":"{{At(start)}}","duration_s":10800,"distance_m":42195}""");
        using var query = pipeline.Query(user);
        var recordedSummary = await SummaryAsync(query, recorded);
        await SummaryAsync(query, manual);

        // The board follows the recorded run's summaries as they come (an upload's first ones are partial), so wait for
        // the final distance; the manual marathon would put 42 km on top of it.
        var recordedDistance = recordedSummary.GetProperty("distance_m").GetDouble();
        var board = await WaitForAsync(query, $"/v1/leaderboards/weekly-distance/run?scope=global&week={BoardIds.IsoWeek(start)}",
            b => b.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("user_id").GetString() == user
                && e.GetProperty("distance_m").GetDouble() >= recordedDistance));
        var entry = Assert.Single(board.GetProperty("entries").EnumerateArray(), e => e.GetProperty("user_id").GetString() == user);
        Assert.Equal((1, recordedDistance), (entry.GetProperty("activities").GetInt32(), entry.GetProperty("distance_m").GetDouble()));
        // The manual marathon still counts for the athlete's own progress of that week.
        var progress = await ProgressAsync(query, user, $"metric=distance&period=week&sport=run&from={start}&to={start}");
        Assert.Equal(recordedSummary.GetProperty("distance_m").GetDouble() + 42195, progress.GetProperty("points")[0].GetProperty("value").GetDouble(), 6);

        // The user's data export: both activities as JSON, the recorded one's every point as GPX; nobody else's to take.
        // "ready" means summarised; the point sink is another consumer group and may still be writing the last batch.
        Assert.Equal(fit.Records.Count, (await pipeline.GpsAsync(recorded, fit.Records.Count)).Count);
        var export = await query.GetAsync($"/v1/users/{user}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var zip = new ZipArchive(await export.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(new[] { "activities.json", $"activities/{manual}.json", $"activities/{recorded}.gpx", $"activities/{recorded}.json", "goals.json" }.Order(StringComparer.Ordinal),
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        await using (var gpx = zip.GetEntry($"activities/{recorded}.gpx")!.Open())
        {
            var trackPoints = XDocument.Load(gpx).Descendants().Where(e => e.Name.LocalName == "trkpt").ToList();
            Assert.Equal(fit.Records.Count, trackPoints.Count);
        }
        await using (var json = zip.GetEntry($"activities/{manual}.json")!.Open())
        {
            var exported = await JsonSerializer.DeserializeAsync<JsonElement>(json);
            Assert.Equal((true, 42195.0), (exported.GetProperty("manual").GetBoolean(), exported.GetProperty("distance_m").GetDouble()));
        }
        using var other = pipeline.Query("manual-frank");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/v1/users/{user}/export")).StatusCode);
    }

    [Theory]
    [InlineData("""{"sport":"curling","started_at":"2026-11-30T07:00:00Z","duration_s":600}""", "sport")]
    [InlineData("""{"sport":"run","started_at":"2026-11-30 07:00","duration_s":600}""", "started_at")]
    [InlineData("""{"sport":"run","started_at":"2026-11-30T07:00:00Z"}""", "duration_s")]
    [InlineData("""{"sport":"run","started_at":"2026-11-30T07:00:00Z","duration_s":-5}""", "duration_s")]
    [InlineData("""{"sport":"run","started_at":"2026-11-30T07:00:00Z","duration_s":"an hour"}""", "duration_s")]
    [InlineData("""{"sport":"run","started_at":"2026-11-30T07:00:00Z","duration_s":600,"distance_m":50000}""", "distance_m")]
    [InlineData("""{"sport":"yoga","started_at":"2026-11-30T07:00:00Z","duration_s":600,"distance_m":100}""", "distance_m")]
    [InlineData("""{"sport":"yoga","started_at":"2026-11-30T07:00:00Z","duration_s":600,"exercises":[{"name":"plank","sets":[{"reps":1}]}]}""", "exercises")]
    [InlineData("""{"sport":"strength","started_at":"2026-11-30T07:00:00Z","duration_s":600}""", "exercises")]
    [InlineData("""{"sport":"strength","started_at":"2026-11-30T07:00:00Z","duration_s":600,"exercises":[{"name":"squat","sets":[{"reps":0,"weight_kg":10}]}]}""", "exercises[0].sets[0].reps")]
    [InlineData("""{"sport":"strength","started_at":"2026-11-30T07:00:00Z","duration_s":600,"exercises":[{"name":"squat","sets":[{"reps":5,"weight_kg":"heavy"}]}]}""", "exercises[0].sets[0].weight_kg")]
    [InlineData("""{"sport":"strength","started_at":"2026-11-30T07:00:00Z","duration_s":600,"exercises":[{"name":"","sets":[{"reps":5,"weight_kg":10}]}]}""", "exercises[0].name")]
    [InlineData("""{"activity_id":"not-a-uuid","sport":"run","started_at":"2026-11-30T07:00:00Z","duration_s":600}""", "activity_id")]
    [InlineData("""[1, 2]""", "body")]
    public async Task A_bad_manual_activity_is_a_400_naming_the_field(string body, string field)
    {
        using var ingest = pipeline.Gateway.Client("manual-carl", Roles.Athlete);
        var response = await ingest.PostAsync("/v1/activities/manual", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(field, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task The_same_manual_id_again_is_the_same_activity_and_another_users_id_is_a_conflict()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$"""{"activity_id":"{{id}}","sport":"yoga","started_at":"{{At(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 7_200_000)}}","duration_s":3600}""";
        using var ann = pipeline.Gateway.Client("manual-dan", Roles.Athlete);
        using var eve = pipeline.Gateway.Client("manual-eve", Roles.Athlete);

        var first = await ann.PostAsync("/v1/activities/manual", new StringContent(body, Encoding.UTF8, "application/json"));
        var again = await ann.PostAsync("/v1/activities/manual", new StringContent(body, Encoding.UTF8, "application/json"));
        var other = await eve.PostAsync("/v1/activities/manual", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, again.StatusCode, other.StatusCode));
    }

    [Fact]
    public async Task A_strangers_progress_is_not_found_and_a_bad_metric_is_named()
    {
        using var stranger = pipeline.Query("manual-frank");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/users/manual-ann/progress")).StatusCode);
        var bad = await stranger.GetAsync("/v1/users/manual-frank/progress?metric=speed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("metric", out _));
    }

    private static string At(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task PutGoalAsync(HttpClient query, string user, string json)
    {
        var response = await query.PutAsync($"/v1/users/{user}/goals", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> LogAsync(HttpClient ingest, string json)
    {
        var response = await ingest.PostAsync("/v1/activities/manual", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activity_id").GetString()!;
    }

    /// <summary>The activity once its finished summary is in the store.</summary>
    private static Task<JsonElement> SummaryAsync(HttpClient query, string activityId) =>
        WaitForAsync(query, $"/v1/activities/{activityId}", a => a.GetProperty("status").GetString() == "finished" && a.GetProperty("moving_time_s").GetDouble() > 0);

    private static async Task<JsonElement> ProgressAsync(HttpClient query, string user, string parameters)
    {
        var response = await query.GetAsync($"/v1/users/{user}/progress?{parameters}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (string?, double, int) Current(JsonElement progress, string key)
    {
        var point = Assert.Single(progress.GetProperty("points").EnumerateArray(), p => p.GetProperty("period_key").GetString() == key);
        return (point.GetProperty("period_key").GetString(), point.GetProperty("value").GetDouble(), point.GetProperty("activities").GetInt32());
    }

    private static int CountGoalAchieved(JsonElement inbox) =>
        inbox.GetProperty("notifications").EnumerateArray().Count(n => n.GetProperty("type").GetString() == NotificationTypes.GoalAchieved);

    private static async Task<JsonElement> WaitForAsync(HttpClient query, string path, Func<JsonElement, bool> done)
    {
        var last = "";
        for (var deadline = DateTime.UtcNow + WorkoutsPipeline.Settle; DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var response = await query.GetAsync(path);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonElement>() is var body && done(body))
            {
                return body;
            }
        }
        Assert.Fail($"{path} did not get there: {last}");
        return default;
    }
}
