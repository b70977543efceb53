using Splitstream.Schemas.V1;
using Xunit.Abstractions;

namespace Splitstream.Processors.Tests;

/// <summary>
/// Late syncs through the real runtime on the embedded cluster, across processors restarts: one that keeps the state
/// dir (the restore reads only the changelog's tail, here nothing) and one that lost it (a full restore).
/// </summary>
public sealed class ActivityMetricsRestartTests(MetricsPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<MetricsPlatformFixture>
{
    private const long Day = 86_400_000;

    [Fact]
    public async Task Parts_synced_10_and_60_days_late_across_restarts_end_with_the_summaries_of_all_points()
    {
        using var run = await ActivityMetricsRun.CreateAsync(fixture.Platform, activities: 4, seconds: 180, seed: 41);
        var late = run.Activities.Take(2).Select(a => a.ActivityId).ToHashSet();
        var gpsIndex = 0;
        var withheld = run.Withhold(r => r.Kind == InputKind.Gps && late.Contains(r.Key) && gpsIndex++ % 4 == 1);
        var (tenDays, sixtyDays) = (withheld.Where((_, i) => i % 2 == 0).ToList(), withheld.Where((_, i) => i % 2 == 1).ToList());
        while (!run.Done)
        {
            await run.ProduceNextAsync(200);
        }
        var stateDir = Path.Combine(run.StateRoot, "processors");

        // First run, stopped cleanly: its tasks checkpoint the changelog's end.
        await using (var first = run.NewInstance("first", stateDir))
        {
            await first.StartAsync();
            await CommittedAsync(run, first);
            await SummariesOfEverythingProducedAsync(run);
            await first.StopAsync();
        }

        // Ten days later, a restart on the same state dir: nothing to restore; the late part loads the settled activities.
        var lastTimestamp = run.Activities.SelectMany(a => a.Records).Max(r => r.Timestamp);
        await run.ProduceAsync(tenDays.Select(r => r with { Timestamp = lastTimestamp + 10 * Day }));
        await using (var second = run.NewInstance("second", stateDir))
        {
            await second.StartAsync();
            await CommittedAsync(run, second);
            output.WriteLine($"restart with the state dir: {second.Metrics}");
            Assert.Equal(0, second.Metrics.RestoredRecords);
            await SummariesOfEverythingProducedAsync(run);
            await second.StopAsync();
        }

        // Sixty days later, a restart that lost its state dir: a full restore from the changelog.
        Directory.Delete(stateDir, recursive: true);
        await run.ProduceAsync(sixtyDays.Select(r => r with { Timestamp = lastTimestamp + 60 * Day }));
        await using var third = run.NewInstance("third", stateDir);
        await third.StartAsync();
        await CommittedAsync(run, third);
        output.WriteLine($"restart without the state dir: {third.Metrics}");
        Assert.True(third.Metrics.RestoredRecords > 0, "the lost state was restored from the changelog");
        var summaries = await SummariesOfEverythingProducedAsync(run);
        foreach (var activity in run.Activities)
        {
            var summary = summaries[activity.ActivityId];
            Assert.Equal(activity.Points.Count, summary.PointsCount + summary.OutliersRejected);
            Assert.Equal(ReferenceTimeline.Summary(activity.Records), summary);
        }
    }

    /// <summary>Waits for every input to be committed; says what the instance was doing when it isn't.</summary>
    private static async Task CommittedAsync(ActivityMetricsRun run, Streams.KafkaStreamsRuntime instance)
    {
        try
        {
            await run.WaitUntilCommittedAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\ninstance {instance.State}, tasks [{string.Join(",", instance.AssignedTasks)}], {instance.Metrics}\n{instance.Failure}");
        }
    }

    private static async Task<Dictionary<string, ActivitySummary>> SummariesOfEverythingProducedAsync(ActivityMetricsRun run)
    {
        var (expected, _) = await run.ExpectedAsync();
        var summaries = await run.WaitForSummariesAsync(expected);
        Assert.Equal(expected, summaries);
        return summaries;
    }
}
