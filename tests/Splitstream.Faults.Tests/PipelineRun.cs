namespace Splitstream.Faults.Tests;

/// <summary>Plays <see cref="TestInput"/> through a pipeline and waits for the store to settle.</summary>
internal static class PipelineRun
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Waits until every acknowledged point is stored and every activity is finished with its summary caught up with its
    /// points (when the processors produce summaries). A run that misses them returns what is there for the asserts.
    /// </summary>
    public static async Task<RunOutcome> SettleAsync(Pipeline pipeline, AckLedger ledger)
    {
        var expected = ledger.Expected();
        var points = await pipeline.WaitForPointsAsync(expected, StoreTimeout);
        var ids = TestInput.Scenario.Activities.Select(a => a.Spec.ActivityId.ToString()).ToList();
        var records = await pipeline.WaitForActivitiesAsync(ids, found => found.Values.All(r => r is { Status: "finished" }), StoreTimeout);
        return new RunOutcome(ledger, points, records.ToDictionary(r => r.Key, r => ActivityOutcome.Of(r.Value)));
    }

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
