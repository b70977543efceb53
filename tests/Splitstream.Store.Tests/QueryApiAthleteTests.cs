using System.Net;
using System.Text.Json;
using Splitstream.QueryApi;

namespace Splitstream.Store.Tests;

public sealed class QueryApiAthleteTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    private static readonly long DayMs = TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond;

    [Fact]
    public async Task The_activity_list_pages_newest_first_through_next_cursors_and_strangers_see_only_public_ones()
    {
        var owner = TestData.NewId("owner");
        var t0 = TestData.Start.ToUnixTimeMilliseconds();
        var summaries = Enumerable.Range(0, 23).Select(i => TestData.Summary(TestData.NewId(), owner, startedAtMs: t0 - i * 3_600_000L)).ToList();
        await host.Store.UpsertSummariesAsync(summaries);
        await host.Store.SetActivityVisibilityAsync(summaries[4].ActivityId, true);
        await host.Store.SetActivityVisibilityAsync(summaries[17].ActivityId, true);
        using var http = host.Client(owner);

        var ids = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(
                $"/v1/users/{owner}/activities?limit=10" + (next is null ? "" : "&before=" + Uri.EscapeDataString(next))));
            ids.AddRange(json.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("activity_id").GetString()!));
            next = json.RootElement.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(summaries.Select(s => s.ActivityId), ids);

        using var stranger = host.Client(TestData.NewId("stranger"));
        using var visible = JsonDocument.Parse(await stranger.GetStringAsync($"/v1/users/{owner}/activities"));
        Assert.Equal([summaries[4].ActivityId, summaries[17].ActivityId],
            visible.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("activity_id").GetString()));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("before=not-a-cursor", "before")]
    public async Task Bad_list_parameters_are_problems_naming_the_parameter(string query, string parameter)
    {
        using var http = host.Client("someone");
        var response = await http.GetAsync($"/v1/users/someone/activities?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Stats_total_by_sport_for_week_year_and_all_time_count_the_streak_and_take_personal_bests_from_the_summaries()
    {
        var user = TestData.NewId("athlete");
        var now = QueryApiHost.Now; // Wednesday 2026-11-18 15:00 UTC, ISO week 2026-W47
        var today = new DateTimeOffset(now.Date, TimeSpan.Zero).ToUnixTimeMilliseconds() + 6 * 3_600_000L;
        // Today, yesterday, the day before (Monday): a 3-day streak; Saturday before: a gap; last year: outside YTD.
        var steady = TestData.NewId();     // today, 12 km at a steady 4 m/s
        var negative = TestData.NewId();   // yesterday, 6 km: 3 km at 3 m/s, then 3 km at 5 m/s
        var ride = TestData.NewId();       // Monday
        var lastWeek = TestData.NewId();   // Saturday of W46
        var lastYear = TestData.NewId();
        await host.Store.UpsertSummariesAsync([
            TestData.WithEfforts(TestData.Summary(steady, user, distanceM: 12_000, startedAtMs: today), ("1km", 1_000, 250), ("5km", 5_000, 1_250), ("10km", 10_000, 2_500)),
            TestData.WithEfforts(TestData.Summary(negative, user, distanceM: 6_000, startedAtMs: today - DayMs), ("1km", 1_000, 200), ("5km", 5_000, 1_267)),
            TestData.WithEfforts(TestData.Summary(ride, user, distanceM: 30_000, sport: "ride", startedAtMs: today - 2 * DayMs), ("5km", 5_000, 540), ("20km", 20_000, 2_400)),
            TestData.WithEfforts(TestData.Summary(lastWeek, user, distanceM: 8_000, startedAtMs: today - 4 * DayMs), ("1km", 1_000, 200), ("5km", 5_000, 1_300)),
            TestData.Summary(lastYear, user, distanceM: 10_000, startedAtMs: new DateTimeOffset(2025, 12, 30, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()),
        ]);
        using var http = host.Client(user);

        using var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/users/{user}/stats"));
        var root = json.RootElement;

        Assert.Equal("2026-W47", root.GetProperty("week").GetString());
        Assert.Equal(3, root.GetProperty("current_streak_days").GetInt32());
        var totals = root.GetProperty("totals");
        Assert.Equal((2, 18_000.0), Totals(totals.GetProperty("week").GetProperty("run")));
        Assert.Equal((1, 30_000.0), Totals(totals.GetProperty("week").GetProperty("ride")));
        Assert.Equal((3, 26_000.0), Totals(totals.GetProperty("year_to_date").GetProperty("run")));
        Assert.Equal((4, 36_000.0), Totals(totals.GetProperty("all_time").GetProperty("run")));

        var bests = root.GetProperty("personal_bests").GetProperty("run");
        // 1 km: 200 s twice; the tie goes to the earlier activity (last week's), not yesterday's.
        Assert.Equal(lastWeek, bests.GetProperty("1km").GetProperty("activity_id").GetString());
        Assert.Equal(200, bests.GetProperty("1km").GetProperty("time_s").GetDouble());
        Assert.Equal(steady, bests.GetProperty("5km").GetProperty("activity_id").GetString());
        Assert.Equal(1_250, bests.GetProperty("5km").GetProperty("time_s").GetDouble());
        Assert.Equal(2_500, bests.GetProperty("10km").GetProperty("time_s").GetDouble());
        Assert.Equal(["10km", "1km", "5km"], bests.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var rideBests = root.GetProperty("personal_bests").GetProperty("ride");
        Assert.Equal(540, rideBests.GetProperty("5km").GetProperty("time_s").GetDouble());

        // A recomputed summary replaces its activity's efforts: last week's 1 km is now slower, yesterday's 200 s leads.
        await host.Store.UpsertSummariesAsync([
            TestData.WithEfforts(TestData.Summary(lastWeek, user, distanceM: 8_000, startedAtMs: today - 4 * DayMs), ("1km", 1_000, 230), ("5km", 5_000, 1_300)),
        ]);
        using var after = JsonDocument.Parse(await http.GetStringAsync($"/v1/users/{user}/stats"));
        var oneKm = after.RootElement.GetProperty("personal_bests").GetProperty("run").GetProperty("1km");
        Assert.Equal(negative, oneKm.GetProperty("activity_id").GetString());
    }

    [Fact]
    public async Task A_stranger_s_stats_count_only_public_activities()
    {
        var user = TestData.NewId("athlete");
        var shown = TestData.NewId();
        await host.Store.UpsertSummariesAsync([
            TestData.WithEfforts(TestData.Summary(shown, user, distanceM: 5_000, startedAtMs: QueryApiHost.Now.ToUnixTimeMilliseconds() - 3_600_000), ("1km", 1_000, 300)),
            TestData.WithEfforts(TestData.Summary(TestData.NewId(), user, distanceM: 7_000, startedAtMs: QueryApiHost.Now.ToUnixTimeMilliseconds() - 7_200_000), ("1km", 1_000, 200)),
        ]);
        await host.Store.SetActivityVisibilityAsync(shown, true);
        using var stranger = host.Client(TestData.NewId("stranger"));

        using var json = JsonDocument.Parse(await stranger.GetStringAsync($"/v1/users/{user}/stats"));

        Assert.Equal((1, 5_000.0), Totals(json.RootElement.GetProperty("totals").GetProperty("all_time").GetProperty("run")));
        var oneKm = json.RootElement.GetProperty("personal_bests").GetProperty("run").GetProperty("1km");
        Assert.Equal(shown, oneKm.GetProperty("activity_id").GetString());
        Assert.Equal(300, oneKm.GetProperty("time_s").GetDouble());
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 3)]
    [InlineData(new[] { 1, 2, 3, 5 }, 3)]
    [InlineData(new[] { 2, 3 }, 0)]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 0, 0, 1 }, 2)]
    public async Task The_streak_counts_back_from_today_or_yesterday(int[] daysAgo, int expected)
    {
        Assert.Equal(expected, await StreakAsync(daysAgo));
    }

    [Fact]
    public async Task A_streak_longer_than_a_page_of_active_days_is_counted_to_its_start()
    {
        Assert.Equal(150, await StreakAsync([.. Enumerable.Range(0, 150), 151, 152]));
    }

    /// <summary>The stats' streak of a new athlete with one activity per entry, started that many days ago (an hour before now).</summary>
    private async Task<int> StreakAsync(int[] daysAgo)
    {
        var user = TestData.NewId("streak");
        var now = QueryApiHost.Now;
        if (daysAgo.Length > 0)
        {
            await host.Store.UpsertSummariesAsync([.. daysAgo.Select(d =>
                TestData.Summary(TestData.NewId(), user, startedAtMs: now.AddDays(-d).AddHours(-1).ToUnixTimeMilliseconds()))]);
        }
        using var http = host.Client(user);
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/users/{user}/stats"));
        return json.RootElement.GetProperty("current_streak_days").GetInt32();
    }

    private static (int, double) Totals(JsonElement sport) =>
        (sport.GetProperty("activities").GetInt32(), sport.GetProperty("distance_m").GetDouble());
}
