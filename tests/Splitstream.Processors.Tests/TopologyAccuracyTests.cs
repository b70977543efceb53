using Splitstream.Geo;
using Splitstream.Geo.Tests;
using Splitstream.Schemas.V1;
using Xunit.Abstractions;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Tests;

/// <summary>
/// Issue 4's accuracy bar through the whole topology: tracks of more than 10 km at several latitudes and headings,
/// measured against GeographicLib (Debian's python3-geographiclib, run in the test) and against a plain
/// <see cref="ActivityFold"/> of the same points, which the topology must reproduce exactly.
/// </summary>
public sealed class TopologyAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Measured 0.0004% to 0.0008% off the geodesic sum on the four noise-free tracks below; bar: the worst × 3.</summary>
    private const double NoiseFreeBar = 3 * 0.000008;

    /// <summary>
    /// Measured 0.09% to 0.12% off the true path on the three noisy tracks below (<see cref="GpsNoiseModel.Typical"/>, the
    /// simulator's 60 s drift); bar: the worst × 3.
    /// </summary>
    private const double NoisyBar = 3 * 0.0012;

    [Theory]
    [InlineData(0.5, 10.0, 45.0)]
    [InlineData(45.0, 7.0, 90.0)]
    [InlineData(-33.9, 18.4, 200.0)]
    [InlineData(64.1, -21.9, 0.0)]
    public async Task Noise_free_tracks_measure_within_three_times_the_measured_error_of_the_geodesic_sum(double lat, double lon, double heading)
    {
        var track = GroundTruthTrack.Build(lat, lon, heading, seconds: 3_600, seed: (int)(lat * 10 + heading), speedMps: 3.0);
        var summary = await ThroughTopologyAsync(track.Samples);
        var reference = GeographicLibReference.PathLength(track.Samples);
        var error = Math.Abs(summary.DistanceM - reference) / reference;

        output.WriteLine($"lat {lat}, heading {heading}: topology {summary.DistanceM:F2} m, GeographicLib {reference:F2} m, error {error:P4}");
        Assert.True(reference > 10_000);
        Assert.True(error < NoiseFreeBar, $"{error:P4} off the geodesic sum, bar {NoiseFreeBar:P4}");
        Assert.Equal(FoldRunner(track.Samples).DistanceM, summary.DistanceM);
    }

    [Theory]
    [InlineData(45.0, 7.0, 30.0, 1)]
    [InlineData(-20.0, 140.0, 300.0, 2)]
    [InlineData(60.0, 25.0, 120.0, 3)]
    public async Task Noisy_tracks_at_running_pace_measure_within_three_times_the_measured_error_of_the_true_path(double lat, double lon, double heading, int seed)
    {
        var track = GroundTruthTrack.Build(lat, lon, heading, seconds: 3_600, seed: seed, speedMps: 3.0);
        var noisy = track.WithNoise(GpsNoiseModel.Typical, seed: seed * 31);
        var summary = await ThroughTopologyAsync(noisy);
        var pointToPoint = GeographicLibReference.PathLength(noisy);
        var error = Math.Abs(summary.DistanceM - track.TrueLengthM) / track.TrueLengthM;
        var naiveError = Math.Abs(pointToPoint - track.TrueLengthM) / track.TrueLengthM;

        output.WriteLine($"lat {lat}, heading {heading}: true {track.TrueLengthM:F1} m, topology {summary.DistanceM:F1} m ({error:P2}), " +
            $"point-to-point (GeographicLib) {pointToPoint:F1} m ({naiveError:P2})");
        Assert.True(naiveError > 0.10, $"plain summation is only {naiveError:P2} off: the noise is too weak to test smoothing");
        Assert.True(error < NoisyBar, $"{error:P2} off the true path, bar {NoisyBar:P2}");
        Assert.Equal(FoldRunner(noisy).DistanceM, summary.DistanceM);
    }

    private static ActivityMetrics FoldRunner(IReadOnlyList<TrackSample> samples)
    {
        var fold = new ActivityFold(Sport.Run);
        foreach (var sample in samples)
        {
            fold.Add(sample, null, false);
        }
        return fold.Snapshot();
    }

    /// <summary>Pipes the track as a live device would post it (10 s batches) and returns the final summary.</summary>
    private static async Task<ActivitySummary> ThroughTopologyAsync(IReadOnlyList<TrackSample> samples)
    {
        const string id = "accuracy";
        using var driver = await MetricsDriver.CreateAsync();
        var start = samples[0].TimeMs;
        driver.Pipe(new InputRecord(InputKind.Events, id, new ActivityEvent { ActivityId = id, EventTimeMs = start, Started = new Started { UserId = "u", Sport = "run" } }, start));
        foreach (var chunk in samples.Chunk(10))
        {
            var batch = new GpsBatch { ActivityId = id };
            batch.Samples.AddRange(chunk.Select(s => new GpsSample { TimeMs = s.TimeMs, Lat = s.Lat, Lon = s.Lon }));
            driver.Pipe(new InputRecord(InputKind.Gps, id, batch, chunk[^1].TimeMs));
        }
        var end = samples[^1].TimeMs;
        driver.Pipe(new InputRecord(InputKind.Events, id, new ActivityEvent { ActivityId = id, EventTimeMs = end, Stopped = new Stopped() }, end));
        driver.Tick();
        return driver.LatestSummary(id);
    }
}
