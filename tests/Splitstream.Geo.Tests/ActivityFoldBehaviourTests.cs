namespace Splitstream.Geo.Tests;

/// <summary>Fold semantics: determinism, outliers, pauses, elevation, splits, heart rate and windows.</summary>
public sealed class ActivityFoldBehaviourTests(ITestOutputHelper output)
{
    private const double Lat = 46.2;
    private const double Lon = 6.1;

    [Fact]
    public void Snapshots_and_clones_in_between_do_not_change_the_result()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 30, 2_400, seed: 5, speedAtSecond: s => s is > 900 and <= 960 ? 0 : 3.1);
        var noisy = track.WithNoise(GpsNoiseModel.Typical, seed: 55);
        int? Hr(TrackSample s) => (int)(120 + (s.TimeMs / 1000 % 40));
        bool Paused(TrackSample s) => s.TimeMs - GroundTruthTrack.DefaultStartMs is >= 1_500_000 and < 1_600_000;

        var expected = FoldRunner.Fold(noisy, heartRate: Hr, inExplicitPause: Paused);

        var fold = new ActivityFold(Sport.Run, ActivityMetricsOptions.Default);
        ActivityMetrics? prefixSnapshot = null;
        for (int i = 0; i < noisy.Count; i++)
        {
            fold.Add(noisy[i], Hr(noisy[i]), Paused(noisy[i]));
            if (i % 137 == 0) fold.Snapshot();
            if (i == 1_000)
            {
                prefixSnapshot = fold.Snapshot();
                var abandoned = fold;
                fold = fold.Clone(); // continue on the copy, then disturb the original
                abandoned.Add(noisy[i + 1] with { Lat = noisy[i + 1].Lat + 0.01 }, 200, true);
            }
        }

        AssertSameMetrics(expected, fold.Snapshot());
        AssertSameMetrics(FoldRunner.Fold(noisy.Take(1_001), heartRate: Hr, inExplicitPause: Paused), prefixSnapshot!);
    }

    [Fact]
    public void A_one_km_jump_is_rejected_as_an_outlier()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 0, 1_200, seed: 6, minLegM: 1e9, maxLegM: 1e9);
        var withJump = track.Samples.ToList();
        var jumped = Geodesic.Direct(withJump[600].Lat, withJump[600].Lon, 90, 1_000);
        withJump[600] = withJump[600] with { Lat = jumped.Lat, Lon = jumped.Lon };

        var clean = FoldRunner.Fold(track.Samples);
        var metrics = FoldRunner.Fold(withJump);

        Assert.Equal(1, metrics.OutliersRejected);
        Assert.Equal(track.Samples.Count - 1, metrics.PointsCount);
        Assert.Equal(clean.DistanceM, metrics.DistanceM, 0.5);
        Assert.True(metrics.MaxSpeedMps < 3.5, $"max speed {metrics.MaxSpeedMps}");
    }

    [Fact]
    public void The_newest_accepted_fixes_come_as_sent_oldest_first_without_the_outliers_and_only_when_asked_for()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 0, 40, seed: 8, minLegM: 1e9, maxLegM: 1e9).WithNoise(GpsNoiseModel.Typical, seed: 88);
        var samples = track.ToList();
        var jumped = Geodesic.Direct(samples[36].Lat, samples[36].Lon, 90, 1_000);
        samples[36] = samples[36] with { Lat = jumped.Lat, Lon = jumped.Lon };

        var fold = new ActivityFold(Sport.Run, ActivityMetricsOptions.Default, recentAccepted: 8);
        foreach (var sample in samples.Take(30))
        {
            fold.Add(sample, null, false);
        }
        var copy = fold.Clone();
        foreach (var sample in samples.Skip(30))
        {
            fold.Add(sample, null, false);
        }

        var metrics = fold.Snapshot();
        Assert.Equal(1, metrics.OutliersRejected);
        // The eight newest of those accepted, bit for bit as sent (the smoother's positions are not these), oldest first.
        Assert.Equal(samples.Where((_, i) => i != 36).TakeLast(8), metrics.RecentAccepted);
        Assert.Equal(metrics.LastTimeMs, metrics.RecentAccepted[^1].TimeMs);
        // The copy taken at 30 samples goes on with its own ring.
        Assert.Equal(samples.Take(30).TakeLast(8), copy.Snapshot().RecentAccepted);
        Assert.Equal(8, copy.RecentAcceptedCapacity);
        // Fewer accepted than asked for: all of them. Not asked for (the default, every activity outside a race): none.
        var short3 = new ActivityFold(Sport.Run, ActivityMetricsOptions.Default, recentAccepted: 8);
        foreach (var sample in samples.Take(3))
        {
            short3.Add(sample, null, false);
        }
        Assert.Equal(samples.Take(3), short3.Snapshot().RecentAccepted);
        Assert.Empty(FoldRunner.Fold(samples).RecentAccepted);
    }

    [Fact]
    public void A_lasting_displacement_re_anchors_after_five_consistent_rejections()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 0, 1_200, seed: 7, minLegM: 1e9, maxLegM: 1e9);
        var teleported = track.Samples
            .Select((s, i) => i < 600 ? s : s with { Lat = Geodesic.Direct(s.Lat, s.Lon, 90, 5_000).Lat, Lon = Geodesic.Direct(s.Lat, s.Lon, 90, 5_000).Lon })
            .ToList();

        var metrics = FoldRunner.Fold(teleported);

        Assert.Equal(4, metrics.OutliersRejected);
        // Only the steps around the jump are lost; the 5 km jump itself adds nothing.
        Assert.InRange(metrics.DistanceM, track.TrueLengthM - 6 * 3.0 - 1, track.TrueLengthM);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Standing_still_for_60_s_is_auto_paused(bool noisy)
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 120, 660, seed: 8, speedAtSecond: s => s is > 300 and <= 360 ? 0 : 3.0);
        var samples = noisy ? track.WithNoise(GpsNoiseModel.Typical, seed: 88) : track.Samples;

        var metrics = FoldRunner.Fold(samples);

        double excluded = metrics.ElapsedTimeS - metrics.MovingTimeS;
        output.WriteLine($"noisy={noisy}: elapsed {metrics.ElapsedTimeS} s, moving {metrics.MovingTimeS} s, auto-paused {excluded} s of the 60 s stop; distance {metrics.DistanceM:F1} m of {track.TrueLengthM} m");
        Assert.Equal(660, metrics.ElapsedTimeS);
        Assert.InRange(excluded, 45, 61);
        Assert.InRange(metrics.DistanceM, track.TrueLengthM * 0.98, track.TrueLengthM * 1.02);
    }

    [Fact]
    public void A_slow_stretch_is_auto_paused_for_moving_time_but_keeps_its_distance()
    {
        // A walker at 1.2 m/s dawdles at 0.2 m/s (below the walking threshold of 0.3 m/s) for 5 minutes.
        var track = GroundTruthTrack.Build(Lat, Lon, 40, 1_500, seed: 12, speedAtSecond: s => s is > 600 and <= 900 ? 0.2 : 1.2);

        var metrics = FoldRunner.Fold(track.Samples, Sport.Walk);

        double paused = metrics.ElapsedTimeS - metrics.MovingTimeS;
        double error = (metrics.DistanceM - track.TrueLengthM) / track.TrueLengthM;
        output.WriteLine($"distance {metrics.DistanceM:F1} m of {track.TrueLengthM:F1} m ({error:P3}), auto-paused {paused} s of the 300 s stretch");
        Assert.InRange(paused, 280, 301);
        Assert.True(Math.Abs(error) < 0.001, $"{error:P3}");
        Assert.Equal(metrics.DistanceM, metrics.Windows.Sum(w => w.DistanceM), 1e-6 * metrics.DistanceM);
    }

    [Fact]
    public void Windows_exist_only_for_minutes_that_hold_samples()
    {
        // Two short bursts of samples 200 days apart (within the plausible reach of a 200-day gap).
        var first = GroundTruthTrack.Build(Lat, Lon, 40, 120, seed: 13);
        long gapMs = 200L * 24 * 3600 * 1000;
        var second = GroundTruthTrack.Build(first.Samples[^1].Lat, first.Samples[^1].Lon, 40, 120, seed: 14,
            startMs: first.Samples[^1].TimeMs + gapMs);

        var metrics = FoldRunner.Fold([.. first.Samples, .. second.Samples.Skip(1)]);

        // 121 + 120 samples over 2 + 2 partial minutes, not 288,000 minutes.
        output.WriteLine($"{metrics.Windows.Count} windows, {metrics.Splits.Count} splits, distance {metrics.DistanceM:F1} m");
        Assert.InRange(metrics.Windows.Count, 4, 6);
        Assert.Equal(metrics.PointsCount, metrics.Windows.Sum(w => w.SampleCount));
        Assert.Equal(metrics.DistanceM, metrics.Windows.Sum(w => w.DistanceM), 1e-6 * metrics.DistanceM);
        Assert.Equal(metrics.MovingTimeS, metrics.Windows.Sum(w => w.MovingTimeS), 1e-6 * metrics.MovingTimeS);
    }

    [Fact]
    public void A_stop_shorter_than_15_s_is_not_paused()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 120, 600, seed: 9, speedAtSecond: s => s is > 300 and <= 310 ? 0 : 3.0);
        var metrics = FoldRunner.Fold(track.Samples);
        Assert.Equal(600, metrics.MovingTimeS);
    }

    [Fact]
    public void Explicit_pauses_exclude_time_and_distance()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 45, 600, seed: 10);
        TimeInterval[] pauses = [new(GroundTruthTrack.DefaultStartMs + 200_000, GroundTruthTrack.DefaultStartMs + 300_000)];

        var metrics = FoldRunner.Fold(track.Samples, inExplicitPause: s => ExplicitPauses.Contains(pauses, s.TimeMs));

        // Samples at 200..299 s are paused, so the 101 intervals touching them are excluded.
        Assert.Equal(600 - 101, metrics.MovingTimeS);
        Assert.Equal(600, metrics.ElapsedTimeS);
        Assert.Equal((600 - 101) * 3.0, metrics.DistanceM, 3.0);
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.0)]   // flat, ±2 m noise: no gain
    [InlineData(50.0, 47.0, 53.0)] // real 50 m climb over 2 km, same noise
    public void Elevation_gain_ignores_noise_but_counts_real_climbs(double climbM, double minGain, double maxGain)
    {
        var noise = new Random(11);
        var track = GroundTruthTrack.Build(Lat, Lon, 200, 1_500, seed: 11,
            elevationAtDistance: d => 400 + climbM * Math.Min(d, 2_000) / 2_000 + (noise.NextDouble() * 4 - 2));

        var metrics = FoldRunner.Fold(track.Samples);

        output.WriteLine($"climb {climbM} m: gain {metrics.ElevationGainM:F2} m");
        Assert.InRange(metrics.ElevationGainM, minGain, maxGain);
    }

    [Fact]
    public void A_10_3_km_run_has_10_whole_km_splits()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 0, 3_434, seed: 12); // 10.302 km at 3 m/s
        var metrics = FoldRunner.Fold(track.Samples);

        Assert.Equal(10, metrics.Splits.Count);
        Assert.Equal(Enumerable.Range(1, 10), metrics.Splits.Select(s => s.Km));
        foreach (var split in metrics.Splits)
        {
            Assert.Equal(1000 / 3.0, split.TimeS, 1.0);
            Assert.Equal(split.TimeS, split.PaceSPerKm);
        }
        Assert.Equal(1000 / 3.0, metrics.AvgPaceSPerKm!.Value, 0.5);
        Assert.Equal(3.0, metrics.AvgSpeedMps, 0.005);
        Assert.InRange(metrics.MaxSpeedMps, 2.9, 3.1);
    }

    [Fact]
    public void Heart_rate_average_and_max_cover_samples_with_a_joined_reading()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 0, 300, seed: 13);
        // HR strap at 0.5 Hz, offset by 700 ms; a 20 s dropout in the middle.
        var hr = Enumerable.Range(0, 160)
            .Select(i => new HeartRateSample(GroundTruthTrack.DefaultStartMs + 700 + i * 2_000L, 120 + i % 30))
            .Where(h => h.TimeMs - GroundTruthTrack.DefaultStartMs is < 100_000 or > 120_000)
            .ToArray();
        var joined = track.Samples.Select(s => HeartRateJoin.Nearest(hr, s.TimeMs, 2_000)).ToArray();

        var metrics = FoldRunner.Fold(track.Samples, heartRate: s => HeartRateJoin.Nearest(hr, s.TimeMs, 2_000));

        var present = joined.Where(b => b is not null).Select(b => b!.Value).ToArray();
        Assert.True(present.Length < track.Samples.Count, "the dropout must leave samples without HR");
        Assert.Equal(present.Average(), metrics.HrAvg!.Value, 9);
        Assert.Equal(present.Max(), metrics.HrMax);
    }

    [Fact]
    public void One_minute_windows_partition_distance_and_moving_time()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 75, 600, seed: 14, speedAtSecond: s => s is > 200 and <= 260 ? 0 : 3.0);
        var metrics = FoldRunner.Fold(track.Samples, heartRate: _ => 140);

        Assert.All(metrics.Windows, w => Assert.Equal(0, w.WindowStartMs % 60_000));
        Assert.Equal(metrics.DistanceM, metrics.Windows.Sum(w => w.DistanceM), 6);
        Assert.Equal(metrics.MovingTimeS, metrics.Windows.Sum(w => w.MovingTimeS), 6);
        Assert.Equal(metrics.PointsCount, metrics.Windows.Sum(w => w.SampleCount));
        var full = metrics.Windows.Where(w => w.MovingTimeS == 60).ToArray();
        Assert.True(full.Length >= 5);
        Assert.All(full, w =>
        {
            Assert.Equal(180, w.DistanceM, 0.5);
            Assert.InRange(w.AvgPaceSPerKm!.Value, 1000 / 3.0 * 0.999, 1000 / 3.0 * 1.001); // a corner may cut a few cm
            Assert.Equal(140, w.AvgHr);
        });
    }

    [Fact]
    public void Without_smoothing_the_distance_is_the_plain_geodesic_sum()
    {
        var noisy = GroundTruthTrack.Build(Lat, Lon, 10, 900, seed: 15).WithNoise(GpsNoiseModel.Typical, seed: 151);
        var metrics = FoldRunner.Fold(noisy, options: ActivityMetricsOptions.Of(smoothing: false));
        Assert.Equal(GroundTruthTrack.PointToPointLength(noisy), metrics.DistanceM, 6);
    }

    [Fact]
    public void The_polyline_follows_the_measured_track()
    {
        var track = GroundTruthTrack.Build(Lat, Lon, 10, 300, seed: 16);
        var metrics = FoldRunner.Fold(track.Samples);
        var decoded = PolylineEncoder.Decode(metrics.Polyline);
        Assert.Equal(track.Samples.Count, decoded.Count);
        Assert.Equal(track.Samples[^1].Lat, decoded[^1].Lat, 1e-5);
        Assert.Equal(track.Samples[^1].Lon, decoded[^1].Lon, 1e-5);
    }

    [Fact]
    public void Samples_must_be_strictly_increasing_in_time()
    {
        var fold = new ActivityFold(Sport.Run, ActivityMetricsOptions.Default);
        fold.Add(new TrackSample(1_000, Lat, Lon, null, null), null, false);
        Assert.Throws<ArgumentException>(() => fold.Add(new TrackSample(1_000, Lat, Lon, null, null), null, false));
        Assert.Throws<ArgumentException>(() => fold.Add(new TrackSample(999, Lat, Lon, null, null), null, false));
    }

    [Fact]
    public void An_empty_fold_has_empty_metrics()
    {
        var metrics = new ActivityFold(Sport.Walk, ActivityMetricsOptions.Default).Snapshot();
        Assert.Equal(0, metrics.DistanceM);
        Assert.Null(metrics.AvgPaceSPerKm);
        Assert.Null(metrics.FirstTimeMs);
        Assert.Empty(metrics.Splits);
        Assert.Equal("", metrics.Polyline);
    }

    private static void AssertSameMetrics(ActivityMetrics expected, ActivityMetrics actual)
    {
        // Records compare lists by reference, so compare scalars via "with" and the lists element-wise.
        Assert.Equal(expected with { Splits = [], Windows = [], BestEfforts = [] }, actual with { Splits = [], Windows = [], BestEfforts = [] });
        Assert.Equal(expected.Splits, actual.Splits);
        Assert.Equal(expected.Windows, actual.Windows);
        Assert.Equal(expected.BestEfforts, actual.BestEfforts);
    }
}
