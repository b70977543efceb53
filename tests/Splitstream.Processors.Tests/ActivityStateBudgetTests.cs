using System.Text;
using Xunit.Abstractions;

namespace Splitstream.Processors.Tests;

/// <summary>Runs alone: it weighs a task's memory with the managed heap, which tests running beside it would disturb.</summary>
[CollectionDefinition(nameof(ActivityStateBudgetTests), DisableParallelization = true)]
public sealed class ActivityStateBudgetCollection;

/// <summary>What an hour-long activity costs the activity-metrics topology in memory and changelog bytes.</summary>
[Collection(nameof(ActivityStateBudgetTests))]
public sealed class ActivityStateBudgetTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 2)] // posts every second: the worst case for rewrites
    [InlineData(5, 5)] // the simulator's (and a phone's) posting rate
    public async Task An_hour_long_1_Hz_activity_fits_its_changelog_and_memory_budget(int gpsBatchSeconds, int hrBatchSeconds)
    {
        var activity = new GeneratedTelemetry("0b4f6a52-3c11-4c8e-9a57-2f2d1c9e7a10", seed: 20, seconds: 3600, gpsBatchSeconds: gpsBatchSeconds, hrBatchSeconds: hrBatchSeconds);
        using var driver = await MetricsDriver.CreateAsync();
        // The driver flushes the store after every record: a commit per device post, the worst case for the changelog.
        foreach (var record in activity.Records)
        {
            driver.Pipe(record);
        }
        driver.Tick();
        var changelog = driver.Driver.ReadRaw(driver.ChangelogTopic);
        var written = changelog.Sum(r => (long)(r.Key?.Length ?? 0) + (r.Value?.Length ?? 0));
        var compacted = changelog.GroupBy(r => Encoding.UTF8.GetString(r.Key!)).Sum(g => (long)g.Key.Length + (g.Last().Value?.Length ?? 0));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var restored = await MetricsDriver.CreateAsync(restoreFrom: driver);
        restored.Tick();
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(restored);

        output.WriteLine($"1 h at 1 Hz, posts every {gpsBatchSeconds} s ({activity.Points.Count} points, {activity.HeartRates.Count} heart-rate readings, {activity.Records.Count} records): " +
            $"changelog {changelog.Count} records, {written / 1024.0:F0} KiB written, {compacted / 1024.0:F0} KiB after compaction " +
            $"({driver.Store().Count} keys); task memory after restore and one summary ≈ {retained / 1024.0:F0} KiB");
        Assert.Equal(activity.Points.Count, restored.LatestSummary(activity.ActivityId).PointsCount + restored.LatestSummary(activity.ActivityId).OutliersRejected);
        // The embedded cluster keeps ~5 MB per partition (and never compacts): an hour of one activity must take well
        // under half of it even when every post is a commit of its own.
        Assert.InRange(written, 1, 2_500_000);
        Assert.InRange(compacted, 1, 150_000);
        Assert.InRange(retained, 1, 1_000_000);
    }

}
