[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Splitstream.Faults.Tests;

/// <summary>
/// Issue 7's fault suite: the same deterministic load through a whole pipeline under each fault. Afterwards every
/// sample of every batch the gateway acknowledged is in the point store exactly once, and the activities (lifecycle,
/// figures, summaries) equal those of a fault-free run of the same input.
/// </summary>
public sealed class FaultSuiteTests
{
    [Theory]
    [InlineData("broker-down")]
    [InlineData("request-errors")]
    [InlineData("slow-brokers")]
    [InlineData("processors-sigkill")]
    [InlineData("gateway-sigkill")]
    [InlineData("postgres-restart")]
    [InlineData("platform-sigterm")]
    [InlineData("platform-sigkill")]
    [InlineData("late-sync")]
    public async Task Every_acknowledged_sample_is_stored_once_and_activities_equal_a_fault_free_run(string name)
    {
        var scenario = FaultScenarios.Get(name);
        var reference = await PipelineRun.Reference;
        await using var pipeline = scenario.AppHost ? await Pipeline.StartAppHostAsync() : await Pipeline.StartAsync(scenario.Postgres);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var load = LoadDriver.PlayAsync(pipeline.GatewayUrl, TestInput.Speedup, timeout.Token, scenario.Withhold);
        var fault = await scenario.InjectAsync(pipeline, load, timeout.Token);
        var ledger = await load;
        var effects = FaultEffects.Of(pipeline, ledger, fault);
        var run = await PipelineRun.SettleAsync(pipeline, ledger, reference.Activities, reference.Boards);

        var expected = ledger.Expected();
        var lost = expected.Sum(e => (long)e.Value.Gps.Except(run.Points[e.Key].Gps).Count() + e.Value.Hr.Except(run.Points[e.Key].Hr).Count());
        var duplicates = run.Points.Values.Sum(p => (long)p.Duplicates);
        var differing = reference.Activities.Where(r => !Equals(r.Value, run.Activities.GetValueOrDefault(r.Key))).Select(r => r.Key)
            .Concat(reference.Boards.Where(b => b.Value != run.Boards.GetValueOrDefault(b.Key)).Select(b => b.Key)).ToList();
        ReliabilityRecord.Write(name, TestInput.Describe(), fault.Description, effects.ToString(),
            expected.Values.Sum(e => (long)e.Count), ledger.AcknowledgedSamples, run.Points.Values.Sum(p => (long)p.Count),
            duplicates, lost, differing.Count == 0 ? $"yes ({reference.Activities.Count} activities, {reference.Boards.Count} boards)" : $"NO: {differing.Count} differ");

        // The fault met the traffic: a fault that never landed would pass every check below for the wrong reason.
        Assert.True(scenario.TookEffect(effects), $"the fault did not take effect (wanted: {scenario.Effect}); seen: {effects}");
        // The reference run really computed summaries (a pipeline whose topology never started would agree with itself).
        Assert.All(reference.Activities, a => Assert.True(a.Value.Summary is not null, $"no summary for {a.Key} in the fault-free run"));
        // The load outlasted every fault: the devices' retries got every request through in the end.
        Assert.True(ledger.NotAcknowledged.Count == 0, "not acknowledged in the end:\n" + string.Join('\n', ledger.NotAcknowledged.Take(10)));
        Assert.True(lost == 0, $"{lost} acknowledged samples are not in the store\n{pipeline.Output}");
        Assert.Equal(0, duplicates);
        // Exactly the fault-free run's points (nothing extra either), and the same activities.
        foreach (var (id, points) in reference.Points)
        {
            Assert.Equal(points.Gps, run.Points[id].Gps);
            Assert.Equal(points.Hr, run.Points[id].Hr);
        }
        // And the weekly leaderboards those activities count on.
        Assert.NotEmpty(reference.Boards);
        Assert.All(reference.Boards, b => Assert.True(b.Value is { Length: > 0 }, $"board {b.Key} missing in the fault-free run"));
        foreach (var (board, rows) in reference.Boards)
        {
            Assert.True(rows == run.Boards.GetValueOrDefault(board),
                $"board {board} differs from the fault-free run\nexpected: {rows}\nactual:   {run.Boards.GetValueOrDefault(board)}");
        }
        foreach (var (id, activity) in reference.Activities)
        {
            var actual = run.Activities.GetValueOrDefault(id);
            Assert.True(Equals(activity, actual),
                $"activity {id} differs from the fault-free run\nexpected: {activity}\nactual:   {actual}\n{Tail(pipeline.Output, 6000)}");
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
