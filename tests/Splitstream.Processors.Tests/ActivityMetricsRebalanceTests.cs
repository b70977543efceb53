using Splitstream.Streams;
using Xunit.Abstractions;

namespace Splitstream.Processors.Tests;

/// <summary>Rebalance test: a second instance joins mid-stream and later leaves; no activity is lost or counted twice.</summary>
public sealed class ActivityMetricsRebalanceTests(MetricsPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<MetricsPlatformFixture>
{
    [Fact]
    public async Task A_second_instance_joins_and_leaves_mid_stream_without_losing_or_double_counting()
    {
        using var run = await ActivityMetricsRun.CreateAsync(fixture.Platform, activities: 8, seconds: 240, seed: 7);
        await using var first = run.NewInstance("first");
        await first.StartAsync();
        for (var i = 0; i < 15; i++)
        {
            await run.ProduceNextAsync(12);
        }
        await run.WaitUntilCommittedAsync();

        var second = run.NewInstance("second");
        await second.StartAsync();
        await Eventually.TrueAsync(() => second.AssignedTasks.Count > 0 && first.AssignedTasks.Count + second.AssignedTasks.Count == ActivityMetricsRun.Partitions,
            "the two instances share the tasks");
        Assert.Empty(first.AssignedTasks.Intersect(second.AssignedTasks));
        for (var i = 0; i < 15; i++)
        {
            await run.ProduceNextAsync(12);
        }
        await run.WaitUntilCommittedAsync();
        var secondProcessed = second.Metrics.RecordsProcessed;
        var secondRestored = second.Metrics.RestoredRecords;
        await second.StopAsync();
        await Eventually.TrueAsync(() => first.AssignedTasks.Count == ActivityMetricsRun.Partitions, "the first instance owns every task again");
        while (!run.Done)
        {
            await run.ProduceNextAsync(12);
        }
        await run.WaitUntilCommittedAsync();
        var (expected, expectedWindows) = await run.ExpectedAsync();
        var summaries = await run.WaitForSummariesAsync(expected);

        output.WriteLine($"first: {first.Metrics}; second: {second.Metrics}");
        Assert.True(secondProcessed > 0, "the second instance took part");
        Assert.True(secondRestored > 0, "the second instance restored the tasks it took over from their changelogs");
        Assert.Equal(RuntimeState.Stopped, second.State);
        Assert.Equal(run.Activities.Count, expected.Count);
        Assert.Equal(expected, summaries);
        // Nothing counted twice: every produced point is in its activity's summary exactly once.
        Assert.All(run.Activities, a => Assert.Equal(a.Points.Count, summaries[a.ActivityId].PointsCount + summaries[a.ActivityId].OutliersRejected));
        var windows = run.LatestWindows();
        Assert.NotEmpty(windows);
        Assert.All(windows, w => Assert.Equal(expectedWindows[w.Key], w.Value));
    }
}
