namespace Splitstream.Geo.Tests;

/// <summary>Best efforts of the fold (DESIGN.md §4): fastest elapsed time over standard distances, on the cleaned track.</summary>
public sealed class BestEffortTests(ITestOutputHelper output)
{
    private const double Lat = 47.4;
    private const double Lon = 8.5;

    /// <summary>3 m/s, except 4 m/s from second 1000 to 2250: exactly 5 km fast, so every best effort is known.</summary>
    private static GroundTruthTrack IntervalRun(int seconds = 4_200) =>
        GroundTruthTrack.Build(Lat, Lon, 10, seconds, seed: 21, speedAtSecond: s => s is > 1_000 and <= 2_250 ? 4.0 : 3.0);

    [Theory]
    [InlineData("400m", 100.0)]                  // inside the fast 5 km
    [InlineData("1km", 250.0)]
    [InlineData("1mile", 1_609.344 / 4)]
    [InlineData("5km", 1_250.0)]                 // exactly the fast stretch
    [InlineData("10km", 1_250.0 + 5_000 / 3.0)]  // the fast 5 km plus 5 km at 3 m/s
    public void Best_efforts_of_an_interval_run_are_the_known_fastest_stretches(string name, double expectedS)
    {
        var metrics = FoldRunner.Fold(IntervalRun().Samples);

        var effort = Assert.Single(metrics.BestEfforts, e => e.Name == name);
        output.WriteLine($"{name}: {effort.TimeS:F2} s, expected {expectedS:F2} s");
        Assert.Equal(expectedS, effort.TimeS, expectedS * 0.002);
    }

    [Fact]
    public void Efforts_longer_than_the_activity_are_absent_and_the_rest_come_shortest_first()
    {
        var metrics = FoldRunner.Fold(IntervalRun().Samples); // 13.6 km

        Assert.Equal(["400m", "1km", "1mile", "5km", "10km"], metrics.BestEfforts.Select(e => e.Name));
        Assert.Equal([400, 1_000, 1_609.344, 5_000, 10_000], metrics.BestEfforts.Select(e => e.DistanceM));
    }

    [Fact]
    public void A_ride_has_the_riding_distances()
    {
        var ride = GroundTruthTrack.Build(Lat, Lon, 10, 2_700, seed: 22, speedMps: 9.0); // 24.3 km

        var metrics = FoldRunner.Fold(ride.Samples, Sport.Ride);

        Assert.Equal(["5km", "10km", "20km"], metrics.BestEfforts.Select(e => e.Name));
        Assert.Equal(20_000 / 9.0, metrics.BestEfforts[2].TimeS, 20_000 / 9.0 * 0.002);
    }

    [Fact]
    public void An_effort_across_an_explicit_pause_counts_the_paused_time()
    {
        // 3 m/s for 400 s, an explicit pause of 100 s in which the runner walks 150 m, then 3 m/s again.
        var track = GroundTruthTrack.Build(Lat, Lon, 10, 800, seed: 23, speedAtSecond: s => s is > 400 and <= 500 ? 1.5 : 3.0);
        long pauseFrom = GroundTruthTrack.DefaultStartMs + 400_500, pauseTo = GroundTruthTrack.DefaultStartMs + 500_500;

        var metrics = FoldRunner.Fold(track.Samples, inExplicitPause: s => s.TimeMs >= pauseFrom && s.TimeMs < pauseTo);

        // Paused intervals add no distance: 2,100 m counted; 1 km fits before the pause (333 s); 2 km does not exist.
        var oneKm = Assert.Single(metrics.BestEfforts, e => e.Name == "1km");
        Assert.Equal(1_000 / 3.0, oneKm.TimeS, 1.0);
        // The mile must span the pause: 1,609 m of running plus the paused ~101 s of clock.
        var mile = Assert.Single(metrics.BestEfforts, e => e.Name == "1mile");
        output.WriteLine($"1km {oneKm.TimeS:F1} s, 1mile {mile.TimeS:F1} s, distance {metrics.DistanceM:F1} m");
        Assert.InRange(mile.TimeS, 1_609.344 / 3 + 99, 1_609.344 / 3 + 104);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void On_a_noisy_track_best_efforts_from_5_km_stay_within_2_percent_of_the_true_ones(int seed)
    {
        var track = IntervalRun();
        var noisy = track.WithNoise(GpsNoiseModel.Typical, seed);

        var clean = FoldRunner.Fold(track.Samples).BestEfforts;
        var measured = FoldRunner.Fold(noisy).BestEfforts;

        foreach (var effort in clean)
        {
            var m = Assert.Single(measured, e => e.Name == effort.Name);
            double error = (m.TimeS - effort.TimeS) / effort.TimeS;
            output.WriteLine($"seed {seed} {effort.Name}: noisy {m.TimeS:F1} s, clean {effort.TimeS:F1} s ({error:P2})");
            // The fastest of thousands of overlapping stretches picks the one where the drift helped most: measured up to
            // 5.3% fast over 400 m and 3.3% over 1 km; from 5 km on the drift is small against the distance.
            double bar = effort.DistanceM < 1_000 ? 0.06 : effort.DistanceM < 5_000 ? 0.04 : 0.02;
            Assert.True(Math.Abs(error) < bar, $"{effort.Name}: {error:P2}");
        }
    }

    [Fact]
    public void Best_efforts_equal_a_brute_force_scan_of_the_same_cumulative_distances()
    {
        // Irregular speeds and sampling (1-3 s), so interpolation at both ends of a stretch matters.
        var random = new Random(24);
        var samples = GroundTruthTrack.Build(Lat, Lon, 10, 3_000, seed: 24, speedAtSecond: s => 2 + 2 * Math.Sin(s / 97.0) * Math.Sin(s / 13.0))
            .Samples.Where((_, i) => i % (1 + random.Next(3)) == 0).ToList();
        var tracker = new BestEffortTracker(BestEffortDistance.For(Sport.Run));
        var times = new List<long>();
        var distances = new List<double>();
        double cumulative = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            if (i > 0) cumulative += Geodesic.Distance(samples[i - 1].Lat, samples[i - 1].Lon, samples[i].Lat, samples[i].Lon);
            tracker.Add(samples[i].TimeMs, cumulative);
            times.Add(samples[i].TimeMs);
            distances.Add(cumulative);
        }

        var efforts = tracker.ToEfforts();

        foreach (var effort in efforts)
        {
            double brute = BruteForce(times, distances, effort.DistanceM);
            output.WriteLine($"{effort.Name}: tracker {effort.TimeS:F4} s, brute force {brute:F4} s");
            Assert.Equal(brute, effort.TimeS, 1e-6);
        }
        Assert.Contains(efforts, e => e.Name == "5km"); // the track is ~6 km: every run distance up to 5 km was checked
    }

    /// <summary>O(n²): every sample as a start (end interpolated) and every sample as an end (start interpolated).</summary>
    private static double BruteForce(List<long> t, List<double> d, double target)
    {
        double best = double.PositiveInfinity;
        for (int a = 0; a < t.Count; a++)
        {
            for (int b = a + 1; b < t.Count; b++)
            {
                if (d[b] - d[a] < target) continue;
                // Start at a, end interpolated in (b-1, b]; end at b, start interpolated in [a, a+1).
                if (d[b - 1] - d[a] < target)
                {
                    double f = (d[a] + target - d[b - 1]) / (d[b] - d[b - 1]);
                    best = Math.Min(best, (t[b - 1] + f * (t[b] - t[b - 1]) - t[a]) / 1000.0);
                }
                if (d[b] - d[a + 1] < target)
                {
                    double f = (d[b] - target - d[a]) / (d[a + 1] - d[a]);
                    best = Math.Min(best, (t[b] - (t[a] + f * (t[a + 1] - t[a]))) / 1000.0);
                }
            }
        }
        return best;
    }
}
