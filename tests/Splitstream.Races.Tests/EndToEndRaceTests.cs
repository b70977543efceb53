using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Splitstream.ServiceDefaults;
using Splitstream.Simulator;
using Xunit.Abstractions;

namespace Splitstream.Races.Tests;

/// <summary>
/// The whole pipeline on the embedded cluster: the simulator (in-process) plays 5 concurrent races of 50 racers
/// through the ingest gateway; AddProcessors runs the metrics topology, the race router and the standings; the query
/// API serves the standings. The final standings must match the simulator's ground truth, and the delay from a
/// sample's acceptance at ingest to its appearance in the standings stream is measured and reported (target: p99 under 1 s).
/// Accelerated time (speedup 5) keeps it short: staleness is measured on the processor's wall clock, so it copes.
/// Racers run through the finish line (the simulator's run-out); every finish time is within 1 s of the simulated crossing.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class EndToEndRaceTests(ITestOutputHelper output)
{
    private const int RaceCount = 5;
    private const int Racers = 50;

    [Fact]
    public async Task Five_concurrent_races_of_fifty_end_in_the_true_ranking_and_samples_reach_the_standings_within_a_second()
    {
        var clock = Stopwatch.StartNew();
        await using var pipeline = await RacePipeline.StartAsync();
        var (query, ingest) = (pipeline.Query, pipeline.Ingest);
        output.WriteLine($"pipeline up in {clock.Elapsed.TotalSeconds:F1} s");

        var tag = Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        var plays = Enumerable.Range(1, RaceCount).Select(k =>
        {
            var options = pipeline.RaceOptions($"e2e-{tag}-{k}", $"r{k}-", seed: 100 + k, Racers, speedup: 5);
            options.RaceDistanceM = 600;
            options.Duration = TimeSpan.FromMinutes(10);
            return (Options: options, Scenario: ScenarioBuilder.Build(options, ScenarioBuilder.ChooseStartMs(options, now)));
        }).ToList();

        var recorder = new AcceptanceRecorder();
        using var simulatorHttp = new HttpClient(recorder) { BaseAddress = ingest.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var queryHttp = new HttpClient { BaseAddress = query.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        // An admin sees every racer's user id (the truth is by user); the races exist (created on their course, racers
        // registered, as the simulator does before it starts) before anyone watches them.
        var token = RacesQueryHost.Token("root", Roles.Admin);
        var watchers = new List<RaceWatcher>();
        foreach (var play in plays)
        {
            await RaceRegistrar.EnsureRaceAsync(query.BaseAddress, RacesQueryHost.Tokens, play.Options, play.Scenario, CancellationToken.None);
            watchers.Add(await RaceWatcher.StartAsync(queryHttp, play.Scenario.RaceId!, token));
        }
        try
        {
            var reports = await Task.WhenAll(plays.Select(p =>
                new SimulationRunner(p.Options, simulatorHttp, System.Text.Encoding.UTF8.GetBytes(RacesQueryHost.SigningKey)).RunAsync(p.Scenario, CancellationToken.None)));
            output.WriteLine($"simulation done at {clock.Elapsed.TotalSeconds:F1} s: {reports.Sum(r => r.Totals.Batches)} batches, " +
                $"{reports.Sum(r => r.Totals.SamplesSent)} samples, {reports.Sum(r => r.Totals.RejectedRequests)} rejected, {reports.Sum(r => r.Totals.FailedRequests)} failed");
            Assert.All(reports, r => Assert.Equal(0, r.Totals.RejectedRequests + r.Totals.FailedRequests));

            // Every race ends with all its racers in the standings, over (nobody left on the course).
            foreach (var (watcher, report) in watchers.Zip(reports))
            {
                for (var deadline = DateTime.UtcNow.AddSeconds(60); !watcher.Ended(Racers); await Task.Delay(200))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"race {watcher.RaceId} did not end with {Racers} finished racers: {watcher.Latest}");
                }
                CompareWithTruth(watcher.Latest!.Value, report.Races.Single());
            }
            output.WriteLine($"standings final at {clock.Elapsed.TotalSeconds:F1} s");

            // The standings served by GET match what the stream ended with.
            using var http = query.Client("root", Roles.Admin);
            foreach (var watcher in watchers)
            {
                var served = await http.GetFromJsonAsync<JsonElement>($"/v1/races/{watcher.RaceId}/standings");
                Assert.Equal(Order(watcher.Latest!.Value), Order(served));
            }

            // The race is over: its official results are published, with the same finish times, to spectators as well.
            foreach (var (watcher, report) in watchers.Zip(reports))
            {
                var results = (await http.GetFromJsonAsync<JsonElement>($"/v1/races/{watcher.RaceId}/results")).GetProperty("results").EnumerateArray().ToList();
                var truth = report.Races.Single().Ranking.ToDictionary(r => r.UserId);
                Assert.Equal(Racers, results.Count);
                Assert.All(results, r => Assert.Equal("finished", r.GetProperty("result").GetString()));
                Assert.All(results, r => Assert.InRange(
                    r.GetProperty("finish_time_s").GetDouble() - truth[r.GetProperty("user_id").GetString()!].FinishTimeS!.Value, -1.0, 1.0));
                // Ranked by finish time; an exact tie shares a rank and the next rank skips (1, 2, 2, 4).
                var ranked = results.OrderBy(r => r.GetProperty("rank").GetInt32()).ToList();
                for (var i = 0; i < ranked.Count; i++)
                {
                    var tied = i > 0 && ranked[i].GetProperty("finish_time_s").GetDouble() == ranked[i - 1].GetProperty("finish_time_s").GetDouble();
                    Assert.Equal(tied ? ranked[i - 1].GetProperty("rank").GetInt32() : i + 1, ranked[i].GetProperty("rank").GetInt32());
                }
            }
            using (var spectator = new HttpClient { BaseAddress = query.BaseAddress })
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await spectator.GetAsync($"/v1/races/{watchers[0].RaceId}/results")).StatusCode);
            }

            ReportLatency(recorder, watchers, plays.Select(p => p.Scenario).ToList());
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    private static string[] Order(JsonElement standings) =>
        [.. standings.GetProperty("racers").EnumerateArray().Select(r => r.GetProperty("activity_id").GetString()!)];

    /// <summary>
    /// Same racers, same finishers, every finish time within 1 s of the simulated crossing (the pipeline interpolates
    /// the crossing between the GPS fixes of two summaries), and the true order up to that error.
    /// </summary>
    private void CompareWithTruth(JsonElement standings, RaceReport truth)
    {
        var racers = standings.GetProperty("racers").EnumerateArray().ToList();
        var byActivity = truth.Ranking.ToDictionary(r => r.ActivityId);
        Assert.Equal(byActivity.Keys.Order(), racers.Select(r => r.GetProperty("activity_id").GetString()!).Order());
        var wrongly = racers.Where(r => byActivity[r.GetProperty("activity_id").GetString()!].Finished != r.GetProperty("finished").GetBoolean())
            .Select(r => (Truth: byActivity[r.GetProperty("activity_id").GetString()!], Mine: r))
            .Select(x => $"{x.Truth.UserId}: true finish {x.Truth.Finished} at {x.Truth.FinishTimeS} s, {x.Truth.TrueDistanceM} m; " +
                $"standings finished {x.Mine.GetProperty("finished").GetBoolean()} retired {x.Mine.GetProperty("retired").GetBoolean()} " +
                $"{x.Mine.GetProperty("distance_m").GetDouble():F1} m {x.Mine.GetProperty("elapsed_time_s").GetDouble()} s")
            .ToList();
        Assert.True(wrongly.Count == 0, $"race {truth.RaceId}, finishers differ: " + string.Join("; ", wrongly));
        // Finish times: the crossing of the finish line interpolated between summaries, against the simulated crossing.
        var errors = racers.Where(r => r.GetProperty("finished").GetBoolean())
            .Select(r => (Row: r, Truth: byActivity[r.GetProperty("activity_id").GetString()!]))
            .Select(x => (x.Truth.UserId, Error: x.Row.GetProperty("finish_time_s").GetDouble() - x.Truth.FinishTimeS!.Value,
                Course: x.Row.GetProperty("course_distance_m").GetDouble(), Travelled: x.Row.GetProperty("distance_m").GetDouble()))
            .OrderByDescending(e => Math.Abs(e.Error)).ToList();
        output.WriteLine($"{truth.RaceId}: finish time error (s) max {Math.Abs(errors[0].Error):F3}, mean {errors.Average(e => Math.Abs(e.Error)):F3}; worst: " +
            string.Join(", ", errors.Take(5).Select(e => $"{e.UserId} {e.Error:+0.000;-0.000} ({e.Travelled:F0} m travelled)")));
        Assert.All(errors, e => Assert.True(Math.Abs(e.Error) <= 1.0, $"race {truth.RaceId}: {e.UserId}'s finish time is {e.Error:F3} s off the simulated crossing"));
        var exact = 0;
        for (var i = 0; i < racers.Count; i++)
        {
            var mine = byActivity[racers[i].GetProperty("activity_id").GetString()!];
            if (mine.Rank == i + 1)
            {
                exact++;
            }
            for (var j = i + 1; j < racers.Count; j++)
            {
                var behind = byActivity[racers[j].GetProperty("activity_id").GetString()!];
                // Each finish time is within 1 s of its crossing (asserted above), so two racers whose crossings are
                // within 2 s of each other may swap; anything further apart must be in the true order.
                Assert.True(behind.Rank > mine.Rank || Math.Abs((behind.FinishTimeS ?? 0) - (mine.FinishTimeS ?? 0)) <= 2.0,
                    $"race {truth.RaceId}: {mine.UserId} (true rank {mine.Rank}, {mine.FinishTimeS} s) is ranked ahead of {behind.UserId} " +
                    $"(true rank {behind.Rank}, {behind.FinishTimeS} s)");
            }
        }
        output.WriteLine($"{truth.RaceId}: {racers.Count} racers, {exact} at exactly their true rank, none out of order beyond 2 s");
    }

    /// <summary>
    /// For every accepted batch that moved its racer forward (its newest GPS fix is newer than any accepted before),
    /// the delay until the race's stream first showed the racer at or past that fix.
    /// </summary>
    private void ReportLatency(AcceptanceRecorder recorder, List<RaceWatcher> watchers, List<Scenario> scenarios)
    {
        var raceOf = scenarios.SelectMany((s, k) => s.Activities.Select(a => (a.Spec.ActivityId.ToString(), k))).ToDictionary(x => x.Item1, x => x.k);
        var delays = new List<double>();
        var unseen = 0;
        foreach (var activity in recorder.Accepted.GroupBy(a => a.ActivityId))
        {
            var newest = long.MinValue;
            foreach (var accepted in activity.OrderBy(a => a.AcceptedAt))
            {
                if (accepted.NewestGpsMs <= newest)
                {
                    continue;
                }
                newest = accepted.NewestGpsMs;
                if (watchers[raceOf[activity.Key]].FirstShown(activity.Key, accepted.NewestGpsMs) is { } shown)
                {
                    delays.Add(Stopwatch.GetElapsedTime(accepted.AcceptedAt, shown).TotalMilliseconds);
                }
                else
                {
                    unseen++;
                }
            }
        }
        output.WriteLine($"sample accepted at ingest → shown in the standings stream: {Percentiles.Describe(delays)}; " +
            $"{unseen} batches never shown exactly (their newest fix was smoothed out or rejected)");
        Assert.True(unseen <= delays.Count / 100, $"{unseen} of {delays.Count + unseen} batches never appeared in the standings");
        // The delay (target p99 < 1 s) is reported above, not asserted: on a shared machine it is a benchmark figure.
    }
}
