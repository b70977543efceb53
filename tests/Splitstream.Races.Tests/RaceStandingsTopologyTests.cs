using Splitstream.Processors.Races;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using static Splitstream.Races.Tests.Summaries;

namespace Splitstream.Races.Tests;

/// <summary>The standings topology on the test driver: ranking, finishers, stale racers, the wall-clock refresh, replays.</summary>
public sealed class RaceStandingsTopologyTests
{
    private static readonly TimeSpan Check = RaceStandingsOptions.Default.PublishCheckInterval;

    private static string[] Order(RaceStandings standings) => [.. standings.Racers.Select(r => r.UserId)];

    private static int[] Ranks(RaceStandings standings) => [.. standings.Racers.Select(r => r.Rank)];

    [Fact]
    public async Task Racers_rank_by_distance_then_time_and_exact_ties_share_a_rank()
    {
        using var driver = await StandingsDriver.StartAsync();
        driver.Pipe(Racer("r1", "ann", 1200, 400));
        driver.Pipe(Racer("r1", "bob", 1500, 400));
        driver.Pipe(Racer("r1", "cy", 1200, 390));   // same distance as ann, sooner: ahead of her
        driver.Pipe(Racer("r1", "dee", 1200, 400));  // exactly ann's figures: shares her rank
        driver.Advance(Check);

        var standings = driver.Latest("r1");
        Assert.Equal(["bob", "cy", "ann", "dee"], Order(standings));
        Assert.Equal([1, 2, 3, 3], Ranks(standings));
        Assert.True(standings.Live);
        Assert.Equal(driver.Now, standings.GeneratedAtMs);
        var bob = standings.Racers[0];
        Assert.Equal(("act-bob", 1500.0, 400.0, RaceStartMs + 400_000, driver.Now - Check.Milliseconds), (bob.ActivityId, bob.DistanceM, bob.ElapsedTimeS, bob.LastSampleMs, bob.LastSeenMs));
    }

    [Theory]
    [InlineData(new[] { 1000.0, 2000.0, 3000.0 }, new[] { "c", "b", "a" }, new[] { 1, 2, 3 })]
    [InlineData(new[] { 3000.0, 3000.0, 10.0 }, new[] { "a", "b", "c" }, new[] { 1, 1, 3 })]
    [InlineData(new[] { 0.0, 0.0, 0.0 }, new[] { "a", "b", "c" }, new[] { 1, 1, 1 })]
    [InlineData(new[] { 5.0, 0.0, 5.0 }, new[] { "a", "c", "b" }, new[] { 1, 1, 3 })]
    public void Ranking_orders_racers_on_the_course_by_distance_with_shared_ranks_for_ties(double[] distances, string[] expected, int[] ranks)
    {
        var racers = distances.Select((d, i) => new RacerState("r", $"act-{i}", ((char)('a' + i)).ToString(), "active", d, 100, 0, 1, 0, 0, 0));
        var ranked = RaceRanking.Rank(racers, 0, RaceStandingsOptions.Default);
        Assert.Equal(expected, ranked.Select(r => r.UserId));
        Assert.Equal(ranks, ranked.Select(r => r.Rank));
    }

    [Fact]
    public async Task A_finished_racer_keeps_their_position_and_one_who_stopped_short_is_ranked_by_distance()
    {
        using var driver = await StandingsDriver.StartAsync();
        driver.Pipe(Racer("r2", "ann", 5000, 1200, "finished"));
        driver.Pipe(Racer("r2", "bob", 4700, 1250));
        driver.Pipe(Racer("r2", "cy", 2000, 700, "finished"));   // abandoned at 2 km
        driver.Pipe(Racer("r2", "dee", 1900, 1250));
        driver.Advance(Check);
        Assert.Equal(["ann", "bob", "cy", "dee"], Order(driver.Latest("r2")));

        // Bob finishes with a longer (GPS-noisy) distance but a slower time: Ann keeps first place.
        driver.Pipe(Racer("r2", "bob", 5030, 1300, "finished"));
        // Dee passes the retired Cy on distance.
        driver.Pipe(Racer("r2", "dee", 2100, 1300));
        driver.Advance(Check);
        var standings = driver.Latest("r2");
        Assert.Equal(["ann", "bob", "dee", "cy"], Order(standings));
        Assert.Equal([true, true, false, false], standings.Racers.Select(r => r.Finished));
        Assert.Equal([false, false, false, true], standings.Racers.Select(r => r.Retired));

        // Finished racers never go stale: only Dee, still on the course, does once she falls silent.
        driver.AdvanceInSteps(TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(1));
        Assert.Equal([false, false, true, false], driver.Latest("r2").Racers.Select(r => r.Stale));
    }

    [Fact]
    public void Finishers_measured_a_few_percent_either_side_of_the_course_are_all_finishers_ranked_by_time()
    {
        // A 600 m course as GPS measures it: finishers spread ±4%; one racer abandoned at 300 m, one is still running.
        double[] measured = [578, 589, 596, 601, 604, 612, 625];
        var racers = measured.Select((d, i) => new RacerState("r", $"act-{i}", $"f{i}", "finished", d, 200 + (i * 7 % 5), 0, 1, 0, 0, 0))
            .Append(new RacerState("r", "act-dnf", "dnf", "finished", 300, 100, 0, 1, 0, 0, 0))
            .Append(new RacerState("r", "act-run", "run", "active", 450, 210, 0, 1, 0, 0, 0));
        var ranked = RaceRanking.Rank(racers, 0, RaceStandingsOptions.Default);

        Assert.All(ranked.Take(7), r => Assert.True(r.Finished, r.UserId));
        Assert.Equal(ranked.Take(7).Select(r => r.ElapsedTimeS).Order(), ranked.Take(7).Select(r => r.ElapsedTimeS));
        Assert.Equal(["run", "dnf"], ranked.Skip(7).Select(r => r.UserId));
        Assert.True(ranked[^1].Retired);
    }

    [Fact]
    public async Task A_racer_whose_records_stop_while_others_continue_goes_stale_and_stays_in_the_standings()
    {
        using var driver = await StandingsDriver.StartAsync();
        driver.Pipe(Racer("r3", "ann", 100, 30));
        driver.Pipe(Racer("r3", "bob", 90, 30));
        // Bob keeps transmitting every second; Ann's records stop.
        RaceStandings? last = null;
        for (var s = 1; s <= 40; s++)
        {
            driver.Advance(TimeSpan.FromSeconds(1) - Check);
            driver.Pipe(Racer("r3", "bob", 90 + 3 * s, 30 + s));
            driver.Advance(Check);
            var standings = last = driver.Latest("r3");
            var ann = standings.Racers.Single(r => r.UserId == "ann");
            var bob = standings.Racers.Single(r => r.UserId == "bob");
            // Stale after 30 s of silence, measured on the processor's wall clock (Ann was last heard at 0 s, it is now s seconds later).
            Assert.Equal(s * 1000L, driver.Now - StandingsDriver.Start.ToUnixTimeMilliseconds());
            Assert.Equal(s >= 30, ann.Stale);
            Assert.False(bob.Stale);
            Assert.Equal(StandingsDriver.Start.ToUnixTimeMilliseconds(), ann.LastSeenMs);
        }
        Assert.Equal(["bob", "ann"], Order(last!));
    }

    [Fact]
    public async Task Standings_refresh_at_least_once_a_second_with_no_records_at_all_until_the_race_goes_idle()
    {
        var options = RaceStandingsOptions.Of(idleAfter: TimeSpan.FromMinutes(2));
        using var driver = await StandingsDriver.StartAsync(options);
        driver.Pipe(Racer("r4", "ann", 100, 30));
        driver.Pipe(Racer("r4", "bob", 120, 30));
        driver.Advance(Check);
        Assert.Single(driver.Published());

        // No record arrives any more. Each simulated second must bring at least one publication.
        var times = new List<long>();
        driver.AdvanceInSteps(TimeSpan.FromSeconds(40), Check, () => times.AddRange(driver.Published().Select(s => s.GeneratedAtMs)));
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.InRange(times.Count, 39, 41);
        Assert.All(gaps, g => Assert.InRange(g, 1, 1000));
        Assert.True(driver.Driver.GetStateStore<IKeyValueStore<string, RacerState>>(RaceStandingsTopology.RacersStore).Count == 2);

        // Both stale now, both still listed; the race ends after two idle minutes with one last, not-live publication.
        var late = new List<RaceStandings>();
        driver.AdvanceInSteps(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1), () => late.AddRange(driver.Published()));
        Assert.All(late, s => Assert.Equal([true, true], s.Racers.Select(r => r.Stale)));
        Assert.All(late.SkipLast(1), s => Assert.True(s.Live));
        Assert.False(late[^1].Live);
        Assert.Equal(["bob", "ann"], Order(late[^1]));
        driver.AdvanceInSteps(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        Assert.Empty(driver.Published());
    }

    [Fact]
    public async Task Duplicates_and_replays_do_not_change_the_standings()
    {
        using var driver = await StandingsDriver.StartAsync();
        List<ActivitySummary> history =
        [
            Racer("r5", "ann", 100, 30), Racer("r5", "bob", 120, 30),
            Racer("r5", "ann", 200, 60), Racer("r5", "bob", 190, 60),
            Racer("r5", "ann", 300, 90, "finished"), Racer("r5", "bob", 290, 95),
        ];
        history.ForEach(driver.Pipe);
        driver.Advance(Check);
        var before = driver.Latest("r5");
        var store = driver.Driver.GetStateStore<IKeyValueStore<string, RacerState>>(RaceStandingsTopology.RacersStore);
        var stateBefore = store.All().OrderBy(e => e.Key).ToList();

        // A replay from the start (a restarted router) and a duplicate of the newest: nothing new to publish.
        driver.Advance(TimeSpan.FromMilliseconds(300));
        history.ForEach(driver.Pipe);
        driver.Pipe(history[^1]);
        driver.Pipe(Racer("r5", "ann", 300, 90));   // the summary from before the stop, replayed after it
        driver.Advance(Check);
        Assert.Empty(driver.Published());
        Assert.Equal(stateBefore, store.All().OrderBy(e => e.Key).ToList());

        // The next refresh says the same thing as before the replay.
        driver.Advance(TimeSpan.FromSeconds(1));
        var after = driver.Latest("r5");
        Assert.Equal(before.Racers, after.Racers);
    }

    [Fact]
    public async Task A_change_is_published_within_one_check_interval()
    {
        using var driver = await StandingsDriver.StartAsync();
        driver.Pipe(Racer("r6", "ann", 100, 30));
        driver.Advance(Check);
        driver.Published();
        driver.Advance(TimeSpan.FromMilliseconds(10));
        driver.Pipe(Racer("r6", "bob", 150, 31));
        driver.Advance(Check);
        var published = driver.Published();
        Assert.Single(published);
        Assert.Equal(["bob", "ann"], Order(published[0]));
    }

    [Fact]
    public async Task A_restarted_instance_restores_every_racer_and_republishes_the_live_race()
    {
        using var first = await StandingsDriver.StartAsync();
        first.Pipe(Racer("r7", "ann", 100, 30));
        first.Pipe(Racer("r7", "bob", 150, 30, "finished"));
        first.Advance(Check);
        var before = first.Latest("r7");

        using var second = await StandingsDriver.StartAsync(restoreFrom: first);
        second.Advance(Check);
        var after = second.Latest("r7");
        Assert.Equal(before.Racers, after.Racers);
        // Replayed input after the restart changes nothing either.
        second.Pipe(Racer("r7", "ann", 100, 30));
        second.Advance(Check);
        Assert.Empty(second.Published());
    }

    [Fact]
    public async Task Races_are_kept_apart()
    {
        using var driver = await StandingsDriver.StartAsync(partitions: 3);
        for (var race = 0; race < 6; race++)
        {
            for (var racer = 0; racer < 4; racer++)
            {
                driver.Pipe(Racer($"race-{race}", $"u{race}-{racer}", 100 * racer, 60));
            }
        }
        driver.Advance(Check);
        var latest = driver.Published().GroupBy(s => s.RaceId).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(6, latest.Count);
        Assert.All(latest, kv => Assert.Equal(
            Enumerable.Range(0, 4).Reverse().Select(r => $"u{kv.Key[5..]}-{r}"), Order(kv.Value)));
    }
}
