using Splitstream.Processors.Metrics;
using Splitstream.Schemas.V1;
using Xunit.Abstractions;

namespace Splitstream.Processors.Tests;

/// <summary>
/// Issue 11's late-sync contract on the test driver, with explicit timestamps: stream time moves on while an activity
/// sits idle; parts of it synced 2 hours, 10 days and 60 days after it ended — past its eviction from memory, past the
/// old 7-day eviction marker, past a processors restart and past the raw records' retention (a restored driver never
/// sees the old input records, only the changelog) — end with the summary a recompute from all of its points gives.
/// </summary>
public sealed class LateSyncTests(ITestOutputHelper output)
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_activity_synced_2_hours_10_days_and_60_days_late_ends_with_the_summary_of_all_its_points(bool persistent)
    {
        var activity = new GeneratedTelemetry("act-late-sync", seed: 31, seconds: 600);
        var gps = activity.Records.Where(r => r.Kind == InputKind.Gps).ToList();
        var hr = activity.Records.Where(r => r.Kind == InputKind.HeartRate).ToList();
        // Three parts of the track (and of the heart rate) reach the pipeline only later, each on a later sync.
        List<InputRecord>[] late = [.. Enumerable.Range(0, 3).Select(k => gps.Where((_, i) => i % 10 == 3 * k + 2).Concat(hr.Where((_, i) => i % 6 == 2 * k + 1)).ToList())];
        var onTime = activity.Records.Except(late.SelectMany(l => l)).ToList();
        var endMs = activity.Records.Max(r => r.Timestamp);
        var stateDir = Path.Combine(Path.GetTempPath(), "splitstream-late-sync-" + Guid.NewGuid().ToString("N"));
        Func<ActivityMetricsTopologyOptions, ActivityMetricsTopologyOptions> configure = o => o with { PersistentState = persistent };
        var summaries = new List<ActivitySummary>();
        var delivered = new List<InputRecord>(onTime);
        try
        {
            var driver = await MetricsDriver.CreateAsync(configure: configure, stateDir: stateDir);
            driver.PipeAll(onTime);
            AssertSummaryOfAll(driver, delivered);

            // 2 hours later: the activity has left memory (1 h after its last record); the sync loads it from the store.
            driver = Sync(driver, endMs + 2 * Hour, late[0]);

            // 10 days later, after a clean restart on the same state dir: the restore reads only the changelog's tail.
            driver = Idle(driver, endMs + 10 * Day - Hour);
            var changelogBefore = driver.Driver.ReadRaw(driver.ChangelogTopic).Count;
            driver.Dispose();
            driver = await MetricsDriver.CreateAsync(restoreFrom: driver, configure: configure, stateDir: stateDir, wallClockStartMs: endMs + 10 * Day);
            output.WriteLine($"clean restart: {driver.Driver.Metrics.RestoredRecords} of {changelogBefore} changelog records restored");
            if (persistent)
            {
                Assert.Equal(0, driver.Driver.Metrics.RestoredRecords);
            }
            driver = Sync(driver, endMs + 10 * Day, late[1]);

            // 60 days later, after a crash that lost the state dir: a full restore from the changelog, the raw input long gone.
            driver = Idle(driver, endMs + 60 * Day - Hour);
            driver.Driver.Crash();
            if (Directory.Exists(stateDir))
            {
                Directory.Delete(stateDir, recursive: true);
            }
            var crashed = driver;
            driver = await MetricsDriver.CreateAsync(restoreFrom: crashed, configure: configure, stateDir: stateDir, wallClockStartMs: endMs + 60 * Day);
            crashed.Dispose();
            Assert.True(driver.Driver.Metrics.RestoredRecords > 0);
            driver = Sync(driver, endMs + 60 * Day, late[2]);

            Assert.Equal(ReferenceTimeline.Summary(activity.Records), summaries[^1]);
            driver.Dispose();
        }
        finally
        {
            if (Directory.Exists(stateDir))
            {
                Directory.Delete(stateDir, recursive: true);
            }
        }
        // No summary ever went backwards: each counts at least the points of every earlier one.
        var counts = summaries.Select(s => s.PointsCount + s.OutliersRejected).ToList();
        output.WriteLine("points per summary: " + string.Join(", ", counts));
        Assert.Equal(counts.Order(), counts);
        Assert.Equal(activity.Points.Count, counts[^1]);

        MetricsDriver Idle(MetricsDriver driver, long untilMs)
        {
            // Other users' activities keep stream time moving while this one sits idle.
            var other = new GeneratedTelemetry("act-other-" + untilMs, seed: (int)(untilMs % 1000), seconds: 60, startMs: untilMs - 60_000);
            driver.PipeAll(other.Records);
            summaries.AddRange(driver.SummaryLog.Where(s => s.ActivityId == activity.ActivityId));
            driver.SummaryLog.Clear();
            Assert.DoesNotContain(activity.ActivityId, driver.Unsettled());
            return driver;
        }

        MetricsDriver Sync(MetricsDriver driver, long atMs, List<InputRecord> records)
        {
            Idle(driver, atMs);
            driver.PipeAll(records.Select(r => r with { Timestamp = atMs }));
            delivered.AddRange(records);
            AssertSummaryOfAll(driver, delivered);
            return driver;
        }

        void AssertSummaryOfAll(MetricsDriver driver, List<InputRecord> records)
        {
            var summary = driver.LatestSummary(activity.ActivityId);
            Assert.Equal(ReferenceTimeline.Summary(records), summary);
            var stored = records.Where(r => r.Kind == InputKind.Gps).SelectMany(r => ((GpsBatch)r.Value).Samples).Select(s => s.TimeMs).Distinct().Count();
            Assert.Equal(stored, summary.PointsCount + summary.OutliersRejected);
            summaries.AddRange(driver.SummaryLog.Where(s => s.ActivityId == activity.ActivityId));
            driver.SummaryLog.Clear();
        }
    }
}
