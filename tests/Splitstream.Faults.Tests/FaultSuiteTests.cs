[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Splitstream.Faults.Tests;

/// <summary>
/// Issue 7's fault suite: the same deterministic load through a whole pipeline under each fault. Afterwards every
/// sample of every batch the gateway acknowledged is in the point store exactly once, and the activities (lifecycle,
/// figures, summaries) and what the pipeline derived from them (weekly boards, goal progress and achievements, the
/// race's racers and standings) equal those of a fault-free run of the same input.
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
        var run = await PipelineRun.SettleAsync(pipeline, ledger, reference);

        var expected = ledger.Expected();
        var lost = expected.Sum(e => (long)e.Value.Gps.Except(run.Points[e.Key].Gps).Count() + e.Value.Hr.Except(run.Points[e.Key].Hr).Count());
        var duplicates = run.Points.Values.Sum(p => (long)p.Duplicates);
        var differing = run.DifferencesFrom(reference);
        ReliabilityRecord.WriteServiceLog(name, pipeline.Output);
        ReliabilityRecord.Write(name, TestInput.Describe(), fault.Description, effects.ToString(),
            expected.Values.Sum(e => (long)e.Count), ledger.AcknowledgedSamples, run.Points.Values.Sum(p => (long)p.Count),
            duplicates, lost, differing.Count == 0 ? $"yes ({reference.Activities.Count} activities, {reference.DescribeResults()})" : $"NO: {string.Join(", ", differing)}");

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
        // A restarted gateway (or platform) knew the running activities: none was unknown (404), and the devices'
        // requests after the restart were acknowledged, so their activities continued rather than ending at the fault.
        Assert.Equal(0, ledger.Attempts.NotFound);
        if (fault.RestartedAt > 0)
        {
            Assert.True(ledger.Attempts.AcknowledgedFrom(fault.RestartedAt) > 0, "no request was acknowledged after the restart");
        }
        // And what the pipeline derived from those activities: the weekly boards they count on, the goals' progress and
        // achievements, the race's racers and standings. The fault-free run has every one of them (a topology that
        // never ran would agree with itself).
        Assert.Contains(reference.Results.Keys, k => k.StartsWith("board ", StringComparison.Ordinal));
        Assert.Contains(reference.Results.Keys, k => k.StartsWith("goal ", StringComparison.Ordinal));
        Assert.All(reference.Results, r => Assert.True(r.Value is { Length: > 0 }, $"{r.Key} missing in the fault-free run"));
        // Goal periods both achieved and not (the flag is compared), and standings with every racer in them.
        Assert.Contains(reference.Results.Values, v => v!.Contains(", achieved at ", StringComparison.Ordinal));
        Assert.Contains(reference.Results.Values, v => v!.EndsWith(", not achieved", StringComparison.Ordinal));
        var standings = reference.Results["standings " + TestInput.Scenario.RaceId];
        Assert.All(TestInput.Scenario.Racers, r => Assert.Contains(r.Spec.UserId, standings, StringComparison.Ordinal));
        foreach (var (key, expectedResult) in reference.Results)
        {
            Assert.True(expectedResult == run.Results.GetValueOrDefault(key),
                $"{key} differs from the fault-free run\nexpected: {expectedResult}\nactual:   {run.Results.GetValueOrDefault(key)}\n{Tail(pipeline.Output, 6000)}");
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
