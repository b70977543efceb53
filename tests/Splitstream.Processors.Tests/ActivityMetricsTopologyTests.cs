using System.Text;
using Splitstream.Geo;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Xunit.Abstractions;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;
using HeartRateSample = Splitstream.Schemas.V1.HeartRateSample;

namespace Splitstream.Processors.Tests;

/// <summary>The activity-metrics topology on the test driver: outputs, windows, late and repeated input, restore, eviction.</summary>
public sealed class ActivityMetricsTopologyTests(ITestOutputHelper output)
{
    private const long Minute = 60_000;

    [Fact]
    public async Task A_finished_activity_summary_has_every_field_of_the_fold_and_the_lifecycle()
    {
        var activity = new GeneratedTelemetry("act-fields", seed: 11, raceId: "race-7", country: "NO");
        // One wild fix in the middle: rejected as an outlier, never the newest position.
        var records = activity.Records.ToList();
        var outlierAt = GeneratedTelemetry.StartMs + 500_500;
        records.Insert(records.Count / 2, new InputRecord(InputKind.Gps, activity.ActivityId,
            new GpsBatch { ActivityId = activity.ActivityId, Samples = { new GpsSample { TimeMs = outlierAt, Lat = 10, Lon = 10 } } }, outlierAt));
        using var driver = await MetricsDriver.CreateAsync();

        driver.PipeAll(records);
        var summary = driver.LatestSummary(activity.ActivityId);

        var expected = Reference(activity, extraPoints: [new TrackSample(outlierAt, 10, 10, null, null)]);
        output.WriteLine(MetricsDriver.Describe(summary));
        Assert.Equal((activity.ActivityId, activity.UserId, "run", ActivityStatus.Finished, GeneratedTelemetry.StartMs, "race-7", "NO"),
            (summary.ActivityId, summary.UserId, summary.Sport, summary.Status, summary.StartedAtMs, summary.RaceId, summary.Country));
        Assert.Equal(expected.DistanceM, summary.DistanceM);
        Assert.Equal((expected.MovingTimeS, expected.ElapsedTimeS, expected.AvgPaceSPerKm, expected.AvgSpeedMps, expected.MaxSpeedMps, expected.ElevationGainM),
            (summary.MovingTimeS, summary.ElapsedTimeS, (double?)summary.AvgPaceSPerKm, summary.AvgSpeedMps, summary.MaxSpeedMps, summary.ElevationGainM));
        Assert.Equal((expected.HrAvg, expected.HrMax), (summary.HasHrAvg ? summary.HrAvg : (double?)null, summary.HasHrMax ? summary.HrMax : (int?)null));
        Assert.Equal(expected.Polyline, summary.Polyline);
        Assert.Equal(expected.Splits.Select(s => (s.Km, s.TimeS, s.PaceSPerKm)), summary.Splits.Select(s => (s.Km, s.TimeS, s.PaceSPerKm)));
        Assert.Equal((long)expected.PointsCount, summary.PointsCount);
        Assert.Equal(1, summary.OutliersRejected);
        Assert.Equal(activity.Points.Count + 1, summary.PointsCount + summary.OutliersRejected);
        Assert.Equal((activity.Points[0].TimeMs, activity.Points[^1].TimeMs), (summary.FirstSampleMs, summary.LastSampleMs));
        Assert.Equal((activity.Points[^1].Lat, activity.Points[^1].Lon), (summary.LastLat, summary.LastLon));
        // Plausibility against the generator: ~15 min at 2.9-3.6 m/s with a 50 s stop and a 60 s pause.
        Assert.InRange(summary.DistanceM, 2_000, 3_000);
        Assert.Equal((int)(summary.DistanceM / 1000), summary.Splits.Count);
        Assert.InRange(summary.HrAvg, 120, 160);
        Assert.InRange(summary.ElevationGainM, 5, 40);
        Assert.True(summary.MovingTimeS < summary.ElapsedTimeS - 100, "the stop and the pause are not moving time");
        Assert.NotEmpty(summary.Polyline);
    }

    /// <summary>
    /// The race standings time a finish between the samples either side of the line, so a race activity's summaries
    /// carry its newest accepted fixes, each summary up to its own newest sample; other activities' carry none. A race
    /// id that arrives after the first points (the start event late) still gets them.
    /// </summary>
    [Theory]
    [InlineData("race-7", false)]
    [InlineData("race-7", true)]
    [InlineData("", false)]
    public async Task A_race_activity_summary_carries_its_newest_fixes_as_sent(string raceId, bool startArrivesLate)
    {
        var activity = new GeneratedTelemetry("act-recent-" + startArrivesLate, seed: 12, seconds: 300, raceId: raceId);
        var records = activity.Records.ToList();
        if (startArrivesLate)
        {
            var start = records[0];
            records.RemoveAt(0);
            records.Insert(records.Count / 2, start);
        }
        using var driver = await MetricsDriver.CreateAsync();

        driver.PipeAll(records);
        var final = driver.LatestSummary(activity.ActivityId);

        var summaries = driver.SummaryLog.Where(s => s.ActivityId == activity.ActivityId && s.RaceId == raceId && s.LastSampleMs > 0).ToList();
        output.WriteLine($"{summaries.Count} summaries, the last with {final.RecentPositions.Count} recent fixes");
        Assert.True(summaries.Count > 10);
        if (raceId.Length == 0)
        {
            Assert.All(summaries, s => Assert.Empty(s.RecentPositions));
            return;
        }
        Assert.Equal(activity.Points.TakeLast(ActivityTimeline.RecentPositionsForRaces).Select(p => (p.TimeMs, p.Lat, p.Lon)),
            final.RecentPositions.Select(p => (p.TimeMs, p.Lat, p.Lon)));
        Assert.All(summaries, s =>
        {
            var upTo = activity.Points.Where(p => p.TimeMs <= s.LastSampleMs).TakeLast(ActivityTimeline.RecentPositionsForRaces);
            Assert.Equal(upTo.Select(p => (p.TimeMs, p.Lat, p.Lon)), s.RecentPositions.Select(p => (p.TimeMs, p.Lat, p.Lon)));
        });
    }

    [Fact]
    public async Task Windows_are_emitted_only_once_closed_and_then_hold_the_fold_values()
    {
        var activity = new GeneratedTelemetry("act-windows", seed: 12, seconds: 600);
        using var driver = await MetricsDriver.CreateAsync();
        var grace = (long)driver.Options.WindowGrace.TotalMilliseconds;
        var streamTime = long.MinValue;

        foreach (var record in activity.Records)
        {
            driver.Pipe(record);
            streamTime = Math.Max(streamTime, record.Timestamp);
            var seen = driver.WindowLog.Count;
            driver.Tick();
            foreach (var window in driver.WindowLog.Skip(seen))
            {
                Assert.True(window.WindowEndMs <= streamTime - grace, $"window {window.WindowStartMs} emitted at stream time {streamTime}: not closed");
            }
        }

        var expected = Reference(activity).Windows.Where(w => w.WindowStartMs + Minute <= streamTime - grace).ToList();
        Assert.Equal(expected.Count, driver.WindowLog.Count);
        Assert.Equal(expected.Select(w => w.WindowStartMs), driver.WindowLog.Select(w => w.WindowStartMs));
        Assert.Equal(expected.Select(w => ActivityOutputs.Window(activity.ActivityId, w, Minute)), driver.WindowLog);
        Assert.True(expected.Count >= 8, "most of ten minutes is closed by the end");
        Assert.Equal(0, driver.Driver.Metrics.LateRecords);
    }

    [Fact]
    public async Task A_late_batch_is_counted_as_late_and_still_corrects_the_summary_and_its_closed_window()
    {
        var activity = new GeneratedTelemetry("act-late", seed: 13, seconds: 600);
        var held = activity.Records.First(r => r.Kind == InputKind.Gps && ((GpsBatch)r.Value).Samples[0].TimeMs >= GeneratedTelemetry.StartMs + 2 * Minute);
        using var inOrder = await MetricsDriver.CreateAsync();
        inOrder.PipeAll(activity.Records);
        using var late = await MetricsDriver.CreateAsync();

        late.PipeAll(activity.Records.Where(r => r != held));
        var before = late.LatestSummary(activity.ActivityId);
        var lateWindow = ((GpsBatch)held.Value).Samples[0].TimeMs / Minute * Minute;
        var windowBefore = late.LatestWindows()[(activity.ActivityId, lateWindow)];
        late.PipeAll([held]);

        Assert.Equal(1, late.Driver.Metrics.LateRecords);
        Assert.NotEqual(before, late.LatestSummary(activity.ActivityId));
        Assert.Equal(inOrder.LatestSummary(activity.ActivityId), late.LatestSummary(activity.ActivityId));
        Assert.NotEqual(windowBefore, late.LatestWindows()[(activity.ActivityId, lateWindow)]);
        Assert.Equal(inOrder.LatestWindows(), late.LatestWindows());
        Assert.Equal(before.PointsCount + 5, late.LatestSummary(activity.ActivityId).PointsCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Shuffled_and_duplicated_batches_of_generated_activities_give_identical_summaries_and_windows(int seed)
    {
        var activities = Enumerable.Range(0, 3)
            .Select(i => new GeneratedTelemetry($"act-{seed}-{i}", seed * 10 + i, seconds: 400 + 100 * i, startMs: GeneratedTelemetry.StartMs + i * 37_000))
            .ToList();
        var inOrderRecords = activities.SelectMany(a => a.Records).OrderBy(r => r.Timestamp).ToList();
        using var inOrder = await MetricsDriver.CreateAsync(partitions: 2);
        inOrder.PipeAll(inOrderRecords);

        var random = new Random(seed);
        var delivered = inOrderRecords.Concat(inOrderRecords.Where(_ => random.NextDouble() < 0.2)).OrderBy(_ => random.Next()).ToList();
        using var shuffled = await MetricsDriver.CreateAsync(partitions: 2);
        foreach (var record in delivered)
        {
            shuffled.Pipe(record);
            if (random.NextDouble() < 0.3)
            {
                shuffled.Tick();
            }
        }
        shuffled.Tick();

        output.WriteLine($"{delivered.Count} deliveries, {shuffled.Driver.Metrics.LateRecords} late; {shuffled.SummaryLog.Count} summaries and {shuffled.WindowLog.Count} windows emitted (in order: {inOrder.SummaryLog.Count}, {inOrder.WindowLog.Count})");
        var expected = inOrder.LatestSummaries();
        Assert.Equal(activities.Count, expected.Count);
        Assert.Equal(expected, shuffled.LatestSummaries());
        Assert.Equal(inOrder.LatestWindows(), shuffled.LatestWindows());
        Assert.True(shuffled.Driver.Metrics.LateRecords > 0, "shuffling made some records late");
    }

    [Fact]
    public async Task Pause_and_resume_set_the_status_and_keep_the_pause_out_of_moving_time()
    {
        var paused = new GeneratedTelemetry("act-pause", seed: 14, seconds: 300, pause: (150, 210));
        var pauseIndex = paused.Records.ToList().FindIndex(r => r.Value is ActivityEvent { KindCase: ActivityEvent.KindOneofCase.Paused });
        var resumeIndex = paused.Records.ToList().FindIndex(r => r.Value is ActivityEvent { KindCase: ActivityEvent.KindOneofCase.Resumed });
        using var driver = await MetricsDriver.CreateAsync();

        driver.PipeAll(paused.Records.Take(pauseIndex + 1));
        Assert.Equal(ActivityStatus.Paused, driver.LatestSummary(paused.ActivityId).Status);
        driver.PipeAll(paused.Records.Skip(pauseIndex + 1).Take(resumeIndex - pauseIndex));
        Assert.Equal(ActivityStatus.Active, driver.LatestSummary(paused.ActivityId).Status);
        driver.PipeAll(paused.Records.Skip(resumeIndex + 1));
        var summary = driver.LatestSummary(paused.ActivityId);
        Assert.Equal(ActivityStatus.Finished, summary.Status);

        // The same activity without the explicit pause moves 60 s longer.
        using var unpaused = await MetricsDriver.CreateAsync();
        unpaused.PipeAll(paused.Records.Where(r => r.Value is not ActivityEvent { KindCase: ActivityEvent.KindOneofCase.Paused or ActivityEvent.KindOneofCase.Resumed }));
        var without = unpaused.LatestSummary(paused.ActivityId);
        Assert.InRange(without.MovingTimeS - summary.MovingTimeS, 55, 65);
        Assert.InRange(without.DistanceM - summary.DistanceM, 150, 200);
        Assert.Equal(without.ElapsedTimeS, summary.ElapsedTimeS);
    }

    [Fact]
    public async Task Heart_rate_from_its_own_topic_joins_gps_by_nearest_time_within_two_seconds_whenever_it_arrives()
    {
        const string id = "act-hr";
        var start = GeneratedTelemetry.StartMs / Minute * Minute;
        var gps = new GpsBatch { ActivityId = id };
        double lat = 45, lon = 7;
        for (var s = 0; s < 240; s++)
        {
            (lat, lon, _) = Geodesic.Direct(lat, lon, 30, 3);
            gps.Samples.Add(new GpsSample { TimeMs = start + s * 1000L, Lat = lat, Lon = lon, Acc = 3 });
        }
        // 120 bpm in minute 0, 160 in minute 1, nothing after: GPS of minutes 2-3 has no reading within 2 s.
        var hr = new HeartRateBatch { ActivityId = id };
        for (var s = 0; s < 120; s += 2)
        {
            hr.Samples.Add(new HeartRateSample { TimeMs = start + s * 1000L + 600, Bpm = s < 60 ? 120 : 160 });
        }
        using var driver = await MetricsDriver.CreateAsync();

        driver.PipeAll([
            new InputRecord(InputKind.Events, id, new ActivityEvent { ActivityId = id, EventTimeMs = start, Started = new Started { UserId = "u", Sport = "run" } }, start),
            new InputRecord(InputKind.Gps, id, gps, start + 240_000),
            // Heart rate arrives after all of the GPS, from its own sensor and topic.
            new InputRecord(InputKind.HeartRate, id, hr, start + 360_000),
        ]);

        var summary = driver.LatestSummary(id);
        // GPS at 0..59 s is nearest a 120 reading, 60..120 s a 160 one (120 s is 1.4 s from the last), later none.
        Assert.Equal((60 * 120 + 61 * 160) / 121.0, summary.HrAvg, 1e-9);
        Assert.Equal(160, summary.HrMax);
        var windows = driver.LatestWindows();
        Assert.Equal(120, windows[(id, start)].HrAvg);
        Assert.Equal(160, windows[(id, start + Minute)].HrAvg);
        Assert.False(windows[(id, start + 3 * Minute)].HasHrAvg);
    }

    [Fact]
    public async Task A_task_restored_from_the_changelog_rebuilds_the_same_state_republishes_and_continues_to_the_same_results()
    {
        var activities = new[] { new GeneratedTelemetry("act-r1", seed: 15), new GeneratedTelemetry("act-r2", seed: 16, startMs: GeneratedTelemetry.StartMs + 90_000) };
        var records = activities.SelectMany(a => a.Records).OrderBy(r => r.Timestamp).ToList();
        using var uninterrupted = await MetricsDriver.CreateAsync();
        uninterrupted.PipeAll(records);
        using var first = await MetricsDriver.CreateAsync();
        first.PipeAll(records.Take(records.Count / 2));
        var beforeCrash = first.LatestSummaries();

        using var restored = await MetricsDriver.CreateAsync(restoreFrom: first);
        restored.Tick();

        Assert.True(restored.Driver.Metrics.RestoredRecords > 0);
        Assert.Equal(StoreContents(first), StoreContents(restored));
        // A restored task publishes its activities again: outputs of the crashed instance may never have reached Kafka.
        Assert.Equal(beforeCrash, restored.LatestSummaries());
        Assert.Equal(first.LatestWindows(), restored.LatestWindows());
        restored.PipeAll(records.Skip(records.Count / 2));
        Assert.Equal(uninterrupted.LatestSummaries(), restored.LatestSummaries());
        Assert.Equal(uninterrupted.LatestWindows(), restored.LatestWindows());
    }

    [Fact]
    public async Task Finished_activities_leave_memory_after_the_retention_and_a_record_for_them_reloads_every_point_and_corrects_the_summary()
    {
        var done = new GeneratedTelemetry("act-done", seed: 17, seconds: 300);
        var later = new GeneratedTelemetry("act-later", seed: 18, seconds: 300, startMs: GeneratedTelemetry.StartMs + 20 * Minute);
        // Two GPS batches of the first activity come only after it has left memory.
        var withheld = done.Records.Where(r => r.Kind == InputKind.Gps).Skip(10).Take(2).ToList();
        using var driver = await MetricsDriver.CreateAsync(configure: o => o with { FinishedRetention = TimeSpan.FromMinutes(10) });
        driver.PipeAll(done.Records.Except(withheld));
        Assert.Equal(ReferenceTimeline.Summary(done.Records.Except(withheld)), driver.LatestSummary(done.ActivityId));
        Assert.Contains(done.ActivityId, driver.Unsettled());
        var chunks = driver.Store().All().Where(e => e.Key.StartsWith(done.ActivityId + "|s|", StringComparison.Ordinal)).Select(e => e.Key).Order().ToList();
        Assert.NotEmpty(chunks);

        // Another activity moves stream time past the stop plus the retention: the first one settles and leaves memory,
        // its raw state stays in the store.
        driver.PipeAll(later.Records);
        Assert.DoesNotContain(done.ActivityId, driver.Unsettled());
        Assert.Equal(chunks, driver.Store().All().Where(e => e.Key.StartsWith(done.ActivityId + "|s|", StringComparison.Ordinal)).Select(e => e.Key).Order());

        // The late batches load it again and correct it: the summary of every point, as if they had come on time.
        var now = later.Records[^1].Timestamp;
        driver.PipeAll(withheld.Select(r => r with { Timestamp = now }));
        Assert.Equal(ReferenceTimeline.Summary(done.Records), driver.LatestSummary(done.ActivityId));
        Assert.Equal(0, driver.Driver.Metrics.DeadLetters);

        // A restore re-emits only the unsettled activities; the settled one stays on disk, unchanged.
        using var restored = await MetricsDriver.CreateAsync(restoreFrom: driver, configure: o => o with { FinishedRetention = TimeSpan.FromMinutes(10) });
        restored.Tick();
        Assert.Equal(StoreContents(driver), StoreContents(restored));
        Assert.Equal(driver.Unsettled(), restored.Unsettled());
        Assert.Equal(driver.Unsettled(), restored.SummaryLog.Select(s => s.ActivityId).Distinct().Order());
    }

    [Fact]
    public async Task An_activity_synced_days_later_in_many_batches_is_kept_until_its_last_batch_and_summarised_as_if_on_time()
    {
        // Recorded two days before it reaches Kafka: its event times are far behind the stream time of live activities.
        var offline = new GeneratedTelemetry("act-offline", seed: 23, seconds: 600, startMs: GeneratedTelemetry.StartMs - 2 * 24 * 60 * Minute);
        var live = new GeneratedTelemetry("act-live", seed: 24, seconds: 1_800);
        using var onTime = await MetricsDriver.CreateAsync();
        onTime.PipeAll(offline.Records);
        using var driver = await MetricsDriver.CreateAsync(configure: o => o with { FinishedRetention = TimeSpan.FromMinutes(10) });

        // The device syncs one record every 3 s of ingest time while a live activity streams: 20+ minutes of stream time,
        // longer than the retention, with its stop event somewhere in the middle.
        var synced = offline.Records.Select((r, i) => r with { Timestamp = GeneratedTelemetry.StartMs + i * 3_000L });
        driver.PipeAll(synced.Concat(live.Records).OrderBy(r => r.Timestamp));

        Assert.Equal(onTime.LatestSummary(offline.ActivityId), driver.LatestSummary(offline.ActivityId));
        Assert.Equal(0, driver.Driver.Metrics.DeadLetters);
    }

    [Fact]
    public async Task Undecodable_and_invalid_records_go_to_the_dead_letter_topic_and_the_activity_carries_on()
    {
        var activity = new GeneratedTelemetry("act-dlq", seed: 19, seconds: 120);
        using var driver = await MetricsDriver.CreateAsync();
        using var clean = await MetricsDriver.CreateAsync();
        clean.PipeAll(activity.Records);
        var records = activity.Records.ToList();

        driver.PipeAll(records.Take(5));
        driver.Driver.PipeRaw(driver.Options.GpsTopic, Encoding.UTF8.GetBytes(activity.ActivityId), [0, 0, 0, 0, 99, 1, 2], GeneratedTelemetry.StartMs + 30_000);
        driver.PipeAll([new InputRecord(InputKind.Gps, activity.ActivityId, new GpsBatch
        {
            ActivityId = activity.ActivityId,
            Samples = { new GpsSample { TimeMs = GeneratedTelemetry.StartMs + 30_500, Lat = 45, Lon = -73 }, new GpsSample { TimeMs = GeneratedTelemetry.StartMs + 31_500, Lat = 95, Lon = -73 } },
        }, GeneratedTelemetry.StartMs + 31_000)]);
        driver.PipeAll(records.Skip(5));

        var dead = driver.Driver.ReadRaw(Splitstream.Schemas.Topics.DeadLetter);
        Assert.Equal(2, dead.Count);
        Assert.StartsWith("decode", Encoding.UTF8.GetString(dead[0].Headers!.GetLastBytes(Splitstream.Schemas.DeadLetterHeaders.Reason)));
        Assert.Contains("samples[1]", Encoding.UTF8.GetString(dead[1].Headers!.GetLastBytes(Splitstream.Schemas.DeadLetterHeaders.Reason)));
        // The invalid batch is rejected whole: its valid first sample is not applied either.
        Assert.Equal(clean.LatestSummary(activity.ActivityId), driver.LatestSummary(activity.ActivityId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_200_days_after_the_start_from_another_producer_is_dead_lettered_and_adds_no_windows(bool heartRate)
    {
        var kind = heartRate ? InputKind.HeartRate : InputKind.Gps;
        var activity = new GeneratedTelemetry("act-span", seed: 29, seconds: 120);
        using var driver = await MetricsDriver.CreateAsync();
        using var clean = await MetricsDriver.CreateAsync();
        clean.PipeAll(activity.Records);
        var late = GeneratedTelemetry.StartMs + 200L * 24 * 60 * Minute;
        Google.Protobuf.IMessage batch = kind == InputKind.Gps
            ? new GpsBatch { ActivityId = activity.ActivityId, Samples = { new GpsSample { TimeMs = GeneratedTelemetry.StartMs + 60_500, Lat = 45, Lon = -73 }, new GpsSample { TimeMs = late, Lat = 45.001, Lon = -73 } } }
            : new HeartRateBatch { ActivityId = activity.ActivityId, Samples = { new HeartRateSample { TimeMs = GeneratedTelemetry.StartMs + 60_500, Bpm = 130 }, new HeartRateSample { TimeMs = late, Bpm = 130 } } };

        driver.PipeAll(activity.Records.Take(10));
        driver.PipeAll([new InputRecord(kind, activity.ActivityId, batch, GeneratedTelemetry.StartMs + 61_000)]);
        driver.PipeAll(activity.Records.Skip(10));

        var dead = Assert.Single(driver.Driver.ReadRaw(Splitstream.Schemas.Topics.DeadLetter));
        Assert.Contains("samples[1].t", Encoding.UTF8.GetString(dead.Headers!.GetLastBytes(Splitstream.Schemas.DeadLetterHeaders.Reason)));
        Assert.Equal(clean.LatestSummary(activity.ActivityId), driver.LatestSummary(activity.ActivityId));
        Assert.Equal(clean.LatestWindows().Count, driver.LatestWindows().Count);
    }

    /// <summary>The metrics an in-order, once-only fold of the activity gives (the timeline is tested on its own).</summary>
    private static ActivityMetrics Reference(GeneratedTelemetry activity, IEnumerable<TrackSample>? extraPoints = null)
    {
        var timeline = ReferenceTimeline.Of(activity.Records);
        foreach (var point in extraPoints ?? [])
        {
            timeline.AddPoint(point);
        }
        return timeline.Summarize();
    }

    private static Dictionary<string, string> StoreContents(MetricsDriver driver) =>
        driver.Store().All().ToDictionary(e => e.Key, e => Convert.ToBase64String(ActivityStateSerde.Instance.Serialize(e.Value, "")!));
}
