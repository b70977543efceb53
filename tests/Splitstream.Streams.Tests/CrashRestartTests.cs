using Xunit.Abstractions;

namespace Splitstream.Streams.Tests;

/// <summary>Crash test: instances killed (no flush, no commit) at random moments while input flows; a restart ends where an uninterrupted run would.</summary>
public sealed class CrashRestartTests(StreamsPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<StreamsPlatformFixture>
{
    private const int Kills = 4;
    [Fact]
    public async Task Instances_killed_at_random_moments_and_restarted_end_with_the_results_of_an_uninterrupted_run()
    {
        using var run = await SampleCountRun.CreateAsync(fixture.Platform);
        var random = new Random(TestSeed.Next(output));
        var kills = 0;
        // Input keeps flowing until the last instance is killed.
        var feeding = Task.Run(async () =>
        {
            for (var batch = 0; batch < 20 || Volatile.Read(ref kills) < Kills; batch++)
            {
                await run.ProduceBatchAsync(activities: 16, batch, resend: batch % 5 == 4);
                await Task.Delay(150);
            }
        });

        var processedBeforeKill = 0L;
        for (var killed = 0; killed < Kills; killed++)
        {
            var instance = run.NewInstance($"crashing-{killed}");
            await instance.StartAsync();
            // Each instance gets its tasks (restoring them) and is killed at a random moment of its processing.
            await Eventually.TrueAsync(() => instance.AssignedTasks.Count > 0, "the instance has tasks");
            if (killed == 0)
            {
                // On a loaded machine every random kill can fall before the first commit (500 ms), and then there is no
                // committed state to restore: make sure the first instance commits something before its kill.
                await Eventually.TrueAsync(() => instance.Metrics.Commits > 0, "the first instance commits before it is killed");
            }
            // Killed after a seeded number of further records, not a wall-clock delay: the same seed kills at about the same
            // point of the input whatever the machine's load (the input keeps flowing until the last kill).
            var killAfter = instance.Metrics.RecordsProcessed + random.Next(0, 100);
            await Eventually.TrueAsync(() => instance.Metrics.RecordsProcessed >= killAfter, "the instance processes its share before its kill");
            await instance.KillAsync();
            Assert.Equal(RuntimeState.Killed, instance.State);
            output.WriteLine($"kill {killed}: {instance.Metrics}");
            processedBeforeKill += instance.Metrics.RecordsProcessed;
            Interlocked.Increment(ref kills);
        }
        await feeding;

        await using var survivor = run.NewInstance("survivor");
        await survivor.StartAsync();
        await Eventually.TrueAsync(() => survivor.AssignedTasks.Count == run.Partitions, "the survivor owns every task");
        await run.WaitUntilCommittedAsync(Eventually.Settle);

        output.WriteLine($"survivor: {survivor.Metrics}");
        Assert.True(processedBeforeKill > 0, "the killed instances were processing when killed");
        Assert.True(survivor.Metrics.RestoredRecords > 0, "the survivor restores the state the killed instances committed");
        Assert.Equal(run.ExpectedCounts(), run.ReadLatest(run.Options.CountsTopic));
        Assert.Equal(run.ExpectedWindows(), run.ReadLatest(run.Options.WindowCountsTopic));
    }
}
