using Splitstream.Geo;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;
using HeartRateSample = Splitstream.Schemas.V1.HeartRateSample;

namespace Splitstream.Processors.Tests;

/// <summary>
/// A seeded activity as the topology receives it: a start, 1 Hz noisy GPS in 5 s batches with elevation, heart rate
/// from its own sensor every 2 s in 10 s batches, a stop of a minute (auto-pause), an explicit pause/resume and a stop.
/// Records come in the order and with the timestamps of a well-behaved device posting as it goes.
/// </summary>
internal sealed class GeneratedTelemetry
{
    public const long StartMs = 1_795_000_020_000;

    public GeneratedTelemetry(string activityId, int seed, int seconds = 900, long startMs = StartMs, string raceId = "", string country = "CA",
        Sport sport = Sport.Run, int gpsBatchSeconds = 5, int hrBatchSeconds = 10, (int From, int To)? pause = null)
    {
        ActivityId = activityId;
        UserId = "user-" + seed;
        var random = new Random(seed);
        var records = new List<InputRecord>
        {
            Event(startMs, new ActivityEvent { Started = new Started { UserId = UserId, Sport = sport.ToWireName(), RaceId = raceId, Country = country } }),
        };
        var (pauseFrom, pauseTo) = pause ?? (seconds / 3, seconds / 3 + 60);
        double lat = 45 + random.NextDouble(), lon = -73 + random.NextDouble(), heading = random.NextDouble() * 360;
        double driftE = 0, driftN = 0;
        var gps = new List<GpsSample>();
        for (var s = 0; s < seconds; s++)
        {
            heading += random.NextDouble() * 6 - 3;
            var speed = s > seconds / 5 && s < seconds / 5 + 50 ? 0 : s > seconds * 2 / 3 ? 3.6 : 2.9;
            (lat, lon, _) = Geodesic.Direct(lat, lon, heading, speed);
            driftE = 0.98 * driftE + random.NextDouble() * 2 - 1;
            driftN = 0.98 * driftN + random.NextDouble() * 2 - 1;
            var (noisyLat, noisyLon, _) = Geodesic.Direct(lat, lon, Math.Atan2(driftE, driftN) * 180 / Math.PI, Math.Sqrt(driftE * driftE + driftN * driftN));
            gps.Add(new GpsSample { TimeMs = startMs + s * 1000L, Lat = noisyLat, Lon = noisyLon, Ele = 50 + 10 * Math.Sin(s / 100.0), Acc = 5 });
        }
        Points = gps;
        var hr = new List<HeartRateSample>();
        for (var s = 0; s < seconds; s += 2)
        {
            hr.Add(new HeartRateSample { TimeMs = startMs + s * 1000L + 370, Bpm = 120 + (s / 2) % 40 });
        }
        HeartRates = hr;
        for (var s = 0; s < seconds; s++)
        {
            var at = startMs + s * 1000L;
            if ((s + 1) % gpsBatchSeconds == 0 || s == seconds - 1)
            {
                var batch = new GpsBatch { ActivityId = activityId, UserId = UserId };
                batch.Samples.AddRange(gps.Where(p => p.TimeMs <= at && p.TimeMs > at - gpsBatchSeconds * 1000L));
                records.Add(new InputRecord(InputKind.Gps, activityId, batch, at + 300));
            }
            if ((s + 1) % hrBatchSeconds == 0 || s == seconds - 1)
            {
                var batch = new HeartRateBatch { ActivityId = activityId, UserId = UserId };
                batch.Samples.AddRange(hr.Where(h => h.TimeMs <= at + 999 && h.TimeMs > at + 999 - hrBatchSeconds * 1000L));
                if (batch.Samples.Count > 0)
                {
                    records.Add(new InputRecord(InputKind.HeartRate, activityId, batch, at + 600));
                }
            }
            if (s == pauseFrom)
            {
                records.Add(Event(at, new ActivityEvent { Paused = new Paused() }));
            }
            if (s == pauseTo)
            {
                records.Add(Event(at, new ActivityEvent { Resumed = new Resumed() }));
            }
        }
        records.Add(Event(startMs + seconds * 1000L, new ActivityEvent { Stopped = new Stopped() }));
        Records = records;
    }

    public string ActivityId { get; }

    public string UserId { get; }

    public IReadOnlyList<GpsSample> Points { get; }

    public IReadOnlyList<HeartRateSample> HeartRates { get; }

    public IReadOnlyList<InputRecord> Records { get; }

    private InputRecord Event(long timeMs, ActivityEvent e)
    {
        e.ActivityId = ActivityId;
        e.EventTimeMs = timeMs;
        return new InputRecord(InputKind.Events, ActivityId, e, timeMs);
    }
}
