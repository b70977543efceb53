using Splitstream.Geo;
using Splitstream.Processors.Metrics;

namespace Splitstream.Processors.Tests;

/// <summary>
/// A seeded activity as a device would deliver it: 1 Hz noisy GPS in batches of a few seconds, heart rate from its own
/// sensor every 2 s in separate batches, a pause/resume and a stop. Each delivery is one call on a timeline.
/// </summary>
internal sealed class GeneratedActivity
{
    public const long StartMs = 1_795_000_000_000;

    public GeneratedActivity(int seed, int seconds = 1200, Sport sport = Sport.Run)
    {
        var random = new Random(seed);
        Info = new ActivityInfo($"user-{seed}", sport, StartMs, RaceId: "", Country: "CA");
        double lat = 45 + random.NextDouble(), lon = -73 + random.NextDouble(), heading = random.NextDouble() * 360;
        double driftE = 0, driftN = 0;
        var gps = new List<TrackSample>();
        for (var s = 0; s < seconds; s++)
        {
            heading += random.NextDouble() * 6 - 3;
            // A stop in the middle (auto-pause) and a faster stretch.
            var speed = s is > 400 and < 460 ? 0 : s > 800 ? 3.6 : 2.9;
            (lat, lon, _) = Geodesic.Direct(lat, lon, heading, speed);
            driftE = 0.98 * driftE + random.NextDouble() * 2 - 1;
            driftN = 0.98 * driftN + random.NextDouble() * 2 - 1;
            var (noisyLat, noisyLon, _) = Geodesic.Direct(lat, lon, Math.Atan2(driftE, driftN) * 180 / Math.PI, Math.Sqrt(driftE * driftE + driftN * driftN));
            gps.Add(new TrackSample(StartMs + s * 1000L, noisyLat, noisyLon, 50 + 10 * Math.Sin(s / 100.0), 5));
        }
        for (var i = 0; i < gps.Count; i += 5)
        {
            var batch = gps.Skip(i).Take(5).ToArray();
            Deliveries.Add(t => { foreach (var p in batch) t.AddPoint(p); });
        }
        for (var s = 0; s < seconds; s += 10)
        {
            var batch = Enumerable.Range(0, 5).Select(k => new HeartRateSample(StartMs + (s + 2 * k) * 1000L + 370, 120 + (s / 10 + k) % 40)).ToArray();
            Deliveries.Add(t => { foreach (var h in batch) t.AddHeartRate(h); });
        }
        Deliveries.Add(t => t.AddLifecycle(LifecycleKind.Pause, StartMs + 600_000));
        Deliveries.Add(t => t.AddLifecycle(LifecycleKind.Resume, StartMs + 660_000));
        Deliveries.Add(t => t.AddLifecycle(LifecycleKind.Stop, StartMs + seconds * 1000L));
    }

    public ActivityInfo Info { get; }

    /// <summary>In event-time order within each kind: the order a well-behaved device would send.</summary>
    public List<Action<ActivityTimeline>> Deliveries { get; } = [];
}
