using Splitstream.Streams;
using Xunit.Abstractions;

namespace Splitstream.Processors.Tests;

/// <summary>
/// Crash test on the embedded cluster: instances of the activity-metrics topology are killed (no flush, no commit) at
/// seeded points of the input (<see cref="TestSeed"/>) while activities stream in; the survivor's final summaries equal an uninterrupted run's.
/// </summary>
public sealed class ActivityMetricsCrashTests(MetricsPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<MetricsPlatformFixture>
{
    private const int Kills = 6;

    [Fact]
    public async Task Instances_killed_at_random_moments_end_with_the_summaries_of_an_uninterrupted_run()
    {
        var seed = TestSeed.Next(output);
        var random = new Random(seed);
        using var run = await ActivityMetricsRun.CreateAsync(fixture.Platform, activities: 8, seconds: 240, seed: seed);
        var kills = 0;
        var feeding = Task.Run(async () =>
        {
            while (!run.Done || Volatile.Read(ref kills) < Kills)
            {
                // About 30 records/s: the activities stream in across all the kills.
                await run.ProduceNextAsync(3);
                await Task.Delay(100);
            }
        });

        var processedBeforeKills = 0L;
        for (var i = 0; i < Kills; i++)
        {
            var instance = run.NewInstance($"crashing-{i}");
            await instance.StartAsync();
            await Eventually.TrueAsync(() => instance.AssignedTasks.Count > 0, "the instance has tasks");
            if (i == 0)
            {
                // On a loaded machine every random kill can fall before the first commit, and then there is no committed
                // state for the survivor to restore (the assertion below would fail for the wrong reason).
                await Eventually.TrueAsync(() => instance.Metrics.Commits > 0, "the first instance commits before it is killed");
            }
            // Killed after a seeded number of further records rather than a wall-clock delay: the same seed kills at about
            // the same point of the input on a fast or a loaded machine (about 0-3 s of the feed).
            var killAfter = instance.Metrics.RecordsProcessed + random.Next(0, 90);
            await Eventually.TrueAsync(() => instance.Metrics.RecordsProcessed >= killAfter || run.Done, "the instance processes its share before its kill");
            await instance.KillAsync();
            Assert.Equal(RuntimeState.Killed, instance.State);
            output.WriteLine($"kill {i}: {instance.Metrics}");
            processedBeforeKills += instance.Metrics.RecordsProcessed;
            Interlocked.Increment(ref kills);
        }
        await feeding;

        await using var survivor = run.NewInstance("survivor");
        await survivor.StartAsync();
        await Eventually.TrueAsync(() => survivor.AssignedTasks.Count == ActivityMetricsRun.Partitions, "the survivor owns every task");
        await run.WaitUntilCommittedAsync();
        var (expected, expectedWindows) = await run.ExpectedAsync();
        var summaries = await run.WaitForSummariesAsync(expected);

        output.WriteLine($"survivor: {survivor.Metrics}");
        Assert.True(processedBeforeKills > 0, "the killed instances were processing when killed");
        Assert.True(survivor.Metrics.RestoredRecords > 0, "the survivor restored the state the killed instances committed");
        Assert.Equal(run.Activities.Count, expected.Count);
        Assert.Equal(expected, summaries);
        var windows = run.LatestWindows();
        Assert.NotEmpty(windows);
        Assert.All(windows, w => Assert.Equal(expectedWindows[w.Key], w.Value));
    }
}
