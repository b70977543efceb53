using System.Diagnostics;

namespace Splitstream.Faults.Tests;

/// <summary>Plays <see cref="TestInput"/> through a pipeline and waits for the store to settle.</summary>
internal static class PipelineRun
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Waits until every acknowledged point is stored and the activities and the results derived from them have
    /// settled: equal to <paramref name="target"/>'s (the fault-free run's) when given, else every activity finished and
    /// nothing changed for 3 s (summaries may trail the stop event; boards, goals and standings trail the summaries by a
    /// hop or two). A run that misses them returns what is there for the asserts.
    /// </summary>
    public static async Task<RunOutcome> SettleAsync(Pipeline pipeline, AckLedger ledger, RunOutcome? target = null)
    {
        var expected = ledger.Expected();
        var points = await pipeline.WaitForPointsAsync(expected, StoreTimeout);
        var ids = TestInput.Scenario.Activities.Select(a => a.Spec.ActivityId.ToString()).ToList();
        if (target is not null)
        {
            var matched = await pipeline.WaitForActivitiesAsync(ids,
                found => found.All(f => Equals(ActivityOutcome.Of(f.Value), target.Activities[f.Key])), StoreTimeout);
            var outcome = new RunOutcome(ledger, points, matched.ToDictionary(r => r.Key, r => ActivityOutcome.Of(r.Value)),
                await pipeline.ReadResultsAsync(target.Activities.Values));
            for (var deadline = DateTime.UtcNow + StoreTimeout; outcome.DifferencesFrom(target).Count > 0 && DateTime.UtcNow < deadline; await Task.Delay(500))
            {
                outcome = outcome with { Results = await pipeline.ReadResultsAsync(target.Activities.Values) };
            }
            return outcome;
        }
        await pipeline.WaitForActivitiesAsync(ids, found => found.Values.All(r => r is { Status: "finished" }), StoreTimeout);
        var last = await ReadOutcomesAsync(pipeline, ids);
        var lastResults = await pipeline.ReadResultsAsync(last.Values);
        for (var (stable, deadline) = (Stopwatch.StartNew(), DateTime.UtcNow + StoreTimeout); stable.Elapsed < TimeSpan.FromSeconds(3) && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            var now = await ReadOutcomesAsync(pipeline, ids);
            var nowResults = await pipeline.ReadResultsAsync(now.Values);
            if (!now.All(n => Equals(n.Value, last[n.Key])) || !SameResults(nowResults, lastResults) || nowResults.Values.Any(b => b is null))
            {
                stable.Restart();
            }
            (last, lastResults) = (now, nowResults);
        }
        return new RunOutcome(ledger, points, last, lastResults);
    }

    private static bool SameResults(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var y) && x.Value == y);

    private static async Task<Dictionary<string, ActivityOutcome?>> ReadOutcomesAsync(Pipeline pipeline, IEnumerable<string> ids) =>
        (await pipeline.ReadActivitiesAsync(ids)).ToDictionary(r => r.Key, r => ActivityOutcome.Of(r.Value));

    /// <summary>The fault-free run of the same input, once per test run: every scenario is compared with it.</summary>
    public static Task<RunOutcome> Reference => reference.Value;

    private static readonly Lazy<Task<RunOutcome>> reference = new(async () =>
    {
        await using var pipeline = await Pipeline.StartAsync(postgres: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // As fast as the gateway answers: arrival order differs from the paced runs, results must not.
        var ledger = await LoadDriver.PlayAsync(pipeline.GatewayUrl, double.PositiveInfinity, timeout.Token);
        if (ledger.NotAcknowledged.Count > 0)
        {
            throw new InvalidOperationException("the fault-free run was refused requests:\n" + string.Join('\n', ledger.NotAcknowledged.Take(10)));
        }
        var outcome = await SettleAsync(pipeline, ledger);
        var expected = ledger.Expected();
        if (!expected.All(e => Pipeline.Covers(outcome.Points[e.Key], e.Value)))
        {
            throw new InvalidOperationException("the fault-free run did not store every acknowledged point:\n" + pipeline.Output);
        }
        return outcome;
    });
}
