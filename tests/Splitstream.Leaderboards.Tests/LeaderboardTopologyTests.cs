using Splitstream.Schemas.V1;

namespace Splitstream.Leaderboards.Tests;

/// <summary>The summary router and the board topology on the test driver: ranking, ties, the top-100 cut, ISO weeks, corrections, replays.</summary>
public sealed class LeaderboardTopologyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string RunGlobal47 = "weekly-distance:run:global:2026-W47";
    private const string RunCanada47 = "weekly-distance:run:CA:2026-W47";

    [Fact]
    public void Boards_rank_by_summed_distance_then_by_the_earlier_reaching_time_then_by_user_id()
    {
        using var pipeline = new Pipeline();
        var t = Summaries.Week47;
        pipeline.Pipe(Summaries.Of("a1", "ann", 5_000, t));
        pipeline.Pipe(Summaries.Of("a2", "ann", 3_000, t.AddDays(1)));          // ann: 8 km, reached Thursday
        pipeline.Pipe(Summaries.Of("b1", "bob", 10_000, t));                    // bob: 10 km
        pipeline.Pipe(Summaries.Of("c1", "cat", 8_000, t.AddHours(2)));         // cat: 8 km, reached Wednesday: before ann
        pipeline.Pipe(Summaries.Of("d1", "dan", 6_000, t.AddHours(3)));         // dan and eve: 6 km reached at the same time
        pipeline.Pipe(Summaries.Of("e1", "eve", 6_000, t.AddHours(3)));

        var board = pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47];

        Assert.Equal([("bob", 10_000.0, 1), ("cat", 8_000.0, 1), ("ann", 8_000.0, 2), ("dan", 6_000.0, 1), ("eve", 6_000.0, 1)],
            board.Entries.Select(e => (e.UserId, e.DistanceM, e.Activities)));
        Assert.Equal([1, 2, 3, 4, 5], board.Entries.Select(e => e.Rank));
        Assert.Equal(("run", "global", "2026-W47"), (board.Sport, board.Scope, board.Week));
        Assert.Equal(t.AddDays(1).AddMinutes(30).ToUnixTimeMilliseconds(), board.UpdatedAtMs);
    }

    [Fact]
    public void A_summary_counts_on_the_global_board_and_on_its_countrys_board_only()
    {
        using var pipeline = new Pipeline();
        pipeline.Pipe(Summaries.Of("a1", "ann", 5_000, Summaries.Week47, country: "ca"));
        pipeline.Pipe(Summaries.Of("b1", "bob", 7_000, Summaries.Week47, country: "FR"));
        pipeline.Pipe(Summaries.Of("c1", "cat", 9_000, Summaries.Week47, country: ""));

        var boards = pipeline.Leaderboards.ReadKeyValuesToMap();

        Assert.Equal([RunCanada47, "weekly-distance:run:FR:2026-W47", RunGlobal47], boards.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["cat", "bob", "ann"], boards[RunGlobal47].Entries.Select(e => e.UserId));
        Assert.Equal(["ann"], boards[RunCanada47].Entries.Select(e => e.UserId));
    }

    [Fact]
    public void A_board_keeps_the_top_100_athletes()
    {
        using var pipeline = new Pipeline();
        for (var i = 1; i <= 150; i++)
        {
            pipeline.Pipe(Summaries.Of($"act-{i:000}", $"user-{i:000}", i * 100, Summaries.Week47));
        }

        var board = pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47];

        Assert.Equal(100, board.Entries.Count);
        Assert.Equal(("user-150", 1), (board.Entries[0].UserId, board.Entries[0].Rank));
        Assert.Equal(("user-051", 100, 5_100.0), (board.Entries[^1].UserId, board.Entries[^1].Rank, board.Entries[^1].DistanceM));
    }

    [Theory]
    [InlineData("2026-11-22T23:59:59Z", "2026-W47")] // Sunday, last second of week 47
    [InlineData("2026-11-23T00:00:00Z", "2026-W48")] // Monday 00:00 UTC
    [InlineData("2026-12-31T12:00:00Z", "2026-W53")] // 2026 has 53 ISO weeks (it starts on a Thursday)
    [InlineData("2027-01-03T23:59:59Z", "2026-W53")] // a January Sunday still in the previous ISO year
    [InlineData("2027-01-04T00:00:00Z", "2027-W01")]
    [InlineData("2024-12-30T08:00:00Z", "2025-W01")] // a December Monday already in the next ISO year
    public void An_activity_counts_in_the_ISO_week_of_its_start_in_UTC(string startedAt, string week)
    {
        using var pipeline = new Pipeline();
        // Started late on a Sunday, finished on Monday: the start decides.
        pipeline.Pipe(Summaries.Of("a1", "ann", 5_000, DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture), duration: TimeSpan.FromHours(2)));

        Assert.Equal([$"weekly-distance:run:CA:{week}", $"weekly-distance:run:global:{week}"],
            pipeline.Leaderboards.ReadKeyValuesToMap().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_late_activity_corrects_the_board_of_its_own_week_only()
    {
        using var pipeline = new Pipeline();
        pipeline.Pipe(Summaries.Of("a1", "ann", 5_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("b1", "bob", 6_000, Summaries.Week47));
        var week48 = Summaries.Week47.AddDays(7);
        pipeline.Pipe(Summaries.Of("a2", "ann", 4_000, week48));
        pipeline.Leaderboards.ReadRecords();

        // Synced four days later: stream time is deep in week 48, the activity started in week 47.
        pipeline.Pipe(Summaries.Of("a3", "ann", 2_000, Summaries.Week47.AddDays(1)), timestamp: week48.AddDays(4).ToUnixTimeMilliseconds());

        var changed = pipeline.Leaderboards.ReadKeyValuesToMap();
        Assert.Equal([RunCanada47, RunGlobal47], changed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([("ann", 7_000.0), ("bob", 6_000.0)], changed[RunGlobal47].Entries.Select(e => (e.UserId, e.DistanceM)));
    }

    [Fact]
    public void A_board_dropped_from_memory_when_idle_is_loaded_back_whole_for_a_late_activity_and_a_correction()
    {
        using var pipeline = new Pipeline();
        pipeline.Pipe(Summaries.Of("a1", "ann", 5_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("b1", "bob", 10_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("c1", "cat", 8_000, Summaries.Week47));
        pipeline.Leaderboards.ReadRecords();
        // Past LeaderboardOptions.IdleEviction (10 min): the week's boards leave the ranker's memory.
        pipeline.Boards.AdvanceWallClockTime(TimeSpan.FromMinutes(16));

        pipeline.Pipe(Summaries.Of("d1", "dan", 9_000, Summaries.Week47.AddDays(2)));
        Assert.Equal([("bob", 10_000.0), ("dan", 9_000.0), ("cat", 8_000.0), ("ann", 5_000.0)],
            pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47].Entries.Select(e => (e.UserId, e.DistanceM)));

        pipeline.Boards.AdvanceWallClockTime(TimeSpan.FromMinutes(16));
        pipeline.Pipe(Summaries.Of("a1", "ann", 12_000, Summaries.Week47)); // corrected
        Assert.Equal([("ann", 12_000.0, 1), ("bob", 10_000.0, 1), ("dan", 9_000.0, 1), ("cat", 8_000.0, 1)],
            pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47].Entries.Select(e => (e.UserId, e.DistanceM, e.Activities)));
    }

    [Fact]
    public void The_latest_summary_of_an_activity_replaces_its_earlier_ones()
    {
        using var pipeline = new Pipeline();
        foreach (var distance in new[] { 1_000.0, 2_500.0, 4_200.0 })
        {
            pipeline.Pipe(Summaries.Of("a1", "ann", distance, Summaries.Week47));
        }

        var board = pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47];

        Assert.Equal([("ann", 4_200.0, 1)], board.Entries.Select(e => (e.UserId, e.DistanceM, e.Activities)));
    }

    [Fact]
    public void An_activity_whose_country_or_sport_changes_leaves_its_old_boards()
    {
        using var pipeline = new Pipeline();
        pipeline.Pipe(Summaries.Of("b1", "bob", 1_000, Summaries.Week47, country: "CA"));
        // The first summary lacked the country: global only.
        pipeline.Pipe(Summaries.Of("a1", "ann", 3_000, Summaries.Week47, country: ""));
        Assert.Equal(["bob"], pipeline.Leaderboards.ReadKeyValuesToMap()[RunCanada47].Entries.Select(e => e.UserId));

        pipeline.Pipe(Summaries.Of("a1", "ann", 3_000, Summaries.Week47, country: "CA"));
        Assert.Equal(["ann", "bob"], pipeline.Leaderboards.ReadKeyValuesToMap()[RunCanada47].Entries.Select(e => e.UserId));

        pipeline.Pipe(Summaries.Of("a1", "ann", 3_000, Summaries.Week47, sport: "ride", country: "CA"));
        var boards = pipeline.Leaderboards.ReadKeyValuesToMap();
        Assert.Equal(["bob"], boards[RunCanada47].Entries.Select(e => e.UserId));
        Assert.Equal(["bob"], boards[RunGlobal47].Entries.Select(e => e.UserId));
        Assert.Equal(["ann"], boards["weekly-distance:ride:global:2026-W47"].Entries.Select(e => e.UserId));
        Assert.Equal(["ann"], boards["weekly-distance:ride:CA:2026-W47"].Entries.Select(e => e.UserId));
    }

    [Fact]
    public void Duplicates_publish_nothing_and_replays_end_on_the_same_boards()
    {
        var input = Workload();
        using var once = new Pipeline();
        using var twice = new Pipeline();
        foreach (var summary in input)
        {
            once.Pipe(summary);
            twice.Pipe(summary);
            twice.Pipe(summary);
        }
        var published = once.Leaderboards.ReadRecords();
        var boards = published.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        // Each duplicate found its contribution already stored: the same boards, published the same number of times.
        Assert.Equal(published.Select(r => (r.Key, r.Value)), twice.Leaderboards.ReadRecords().Select(r => (r.Key, r.Value)));

        // The latest summaries again (a compacted topic read from the start) publish nothing.
        foreach (var latest in input.GroupBy(s => s.ActivityId).Select(g => g.Last()))
        {
            once.Pipe(latest);
        }
        Assert.True(once.Leaderboards.IsEmpty, "re-read summaries changed a board");

        // A crash after the changelogs were written but before the offsets were committed: everything is read again.
        // Boards pass through older states on the way, and end where they were.
        using var restarted = once.Restart();
        foreach (var summary in input)
        {
            restarted.Pipe(summary);
        }
        AssertSameBoards(boards, restarted.Leaderboards.ReadKeyValuesToMap());

        // And a replay into fresh state (a lost changelog), in another order, lands on the same boards, bit for bit.
        using var fresh = new Pipeline();
        foreach (var summary in input.AsEnumerable().Reverse().Concat(input))
        {
            fresh.Pipe(summary);
        }
        var replayed = fresh.Leaderboards.ReadKeyValuesToMap();
        Assert.Equal(boards.Keys.Order(StringComparer.Ordinal), replayed.Keys.Order(StringComparer.Ordinal));
        AssertSameBoards(boards, replayed);
    }

    [Fact]
    public void A_board_of_thousands_of_athletes_matches_a_ranking_computed_from_scratch()
    {
        const int users = 5_000, summaries = 20_000;
        var random = new Random(11);
        var latest = new Dictionary<string, ActivitySummary>();
        using var pipeline = new Pipeline();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < summaries; i++)
        {
            var activity = random.Next(users * 2);
            // Whole metres and minutes: many exact ties, broken by reaching time and user id.
            var summary = Summaries.Of($"act-{activity}", $"user-{activity % users}", random.Next(1, 40) * 500, Summaries.Week47,
                duration: TimeSpan.FromMinutes(random.Next(20, 25)));
            latest[summary.ActivityId] = summary;
            pipeline.Pipe(summary);
        }
        watch.Stop();
        output.WriteLine($"{summaries} summaries of {users} athletes through router, board and goal topologies on the driver: " +
            $"{watch.Elapsed.TotalSeconds:F2} s, {summaries / watch.Elapsed.TotalSeconds:F0} summaries/s");

        var expected = latest.Values.GroupBy(s => s.UserId)
            .Select(g => (User: g.Key, Distance: g.OrderBy(s => s.ActivityId, StringComparer.Ordinal).Aggregate(0.0, (sum, s) => sum + s.DistanceM),
                Activities: g.Count(), Reached: g.Max(s => s.LastSampleMs)))
            .OrderByDescending(u => u.Distance).ThenBy(u => u.Reached).ThenBy(u => u.User, StringComparer.Ordinal)
            .Take(100).Select(u => (u.User, u.Distance, u.Activities)).ToList();
        var board = pipeline.Leaderboards.ReadKeyValuesToMap()[RunGlobal47];
        Assert.Equal(expected, board.Entries.Select(e => (e.UserId, e.DistanceM, e.Activities)));
        Assert.Equal(latest.Values.Max(s => s.LastSampleMs), board.UpdatedAtMs);
    }

    /// <summary>The same boards, both ways: a board missing from <paramref name="actual"/> fails as much as a different one.</summary>
    private static void AssertSameBoards(Dictionary<string, Leaderboard> expected, Dictionary<string, Leaderboard> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, board) in expected)
        {
            Assert.Equal(board, actual[id]);
        }
    }

    /// <summary>Forty activities of twelve athletes in two countries over two weeks, each summary sent three times as it grows.</summary>
    private static List<ActivitySummary> Workload()
    {
        var random = new Random(7);
        var summaries = new List<ActivitySummary>();
        for (var i = 0; i < 40; i++)
        {
            var start = Summaries.Week47.AddHours(random.Next(0, 24 * 9));
            var final = random.Next(1_000, 20_000) + random.NextDouble();
            foreach (var fraction in new[] { 0.3, 0.7, 1.0 })
            {
                summaries.Add(Summaries.Of($"act-{i}", $"user-{i % 12}", final * fraction, start, sport: i % 5 == 0 ? "ride" : "run",
                    country: i % 3 == 0 ? "FR" : "CA"));
            }
        }
        return summaries;
    }
}
