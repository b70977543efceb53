using Xunit.Abstractions;

namespace Splitstream.Streams.Tests;

/// <summary>Rebalance test: a second instance joins mid-stream and later leaves; cooperative rebalancing moves tasks with their state.</summary>
public sealed class RebalanceTests(StreamsPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<StreamsPlatformFixture>
{
    [Fact]
    public async Task A_second_instance_joins_and_leaves_mid_stream_without_losing_or_double_counting()
    {
        using var run = await SampleCountRun.CreateAsync(fixture.Platform);
        await using var first = run.NewInstance("first");
        await first.StartAsync();
        var batch = 0;
        for (; batch < 10; batch++)
        {
            await run.ProduceBatchAsync(activities: 16, batch, resend: batch % 3 == 2);
        }
        // The second instance takes over tasks with state: it has to restore them.
        await run.WaitUntilCommittedAsync(Eventually.Settle);

        var second = run.NewInstance("second");
        await second.StartAsync();
        await Eventually.TrueAsync(() => second.AssignedTasks.Count > 0 && first.AssignedTasks.Count + second.AssignedTasks.Count == run.Partitions, "the two instances share the tasks");
        Assert.Empty(first.AssignedTasks.Intersect(second.AssignedTasks));
        for (; batch < 20; batch++)
        {
            await run.ProduceBatchAsync(activities: 16, batch, resend: batch % 3 == 2);
        }
        await run.WaitUntilCommittedAsync(Eventually.Settle);
        var secondProcessed = second.Metrics.RecordsProcessed;
        var secondRestored = second.Metrics.RestoredRecords;
        await second.StopAsync();
        await Eventually.TrueAsync(() => first.AssignedTasks.Count == run.Partitions, "the first instance owns every task again");
        for (; batch < 30; batch++)
        {
            await run.ProduceBatchAsync(activities: 16, batch, resend: batch % 3 == 2);
        }
        await run.WaitUntilCommittedAsync(Eventually.Settle);

        output.WriteLine($"first: {first.Metrics}; second: {second.Metrics}");
        Assert.True(secondProcessed > 0, "the second instance took part");
        Assert.True(secondRestored > 0, "the second instance restored the tasks it took over from their changelogs");
        Assert.Equal(RuntimeState.Stopped, second.State);
        Assert.Equal(run.ExpectedCounts(), run.ReadLatest(run.Options.CountsTopic));
        Assert.Equal(run.ExpectedWindows(), run.ReadLatest(run.Options.WindowCountsTopic));
    }
}
