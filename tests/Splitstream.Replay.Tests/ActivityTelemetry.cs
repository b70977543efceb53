using Google.Protobuf;
using Splitstream.Geo;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;
using HeartRateSample = Splitstream.Schemas.V1.HeartRateSample;

namespace Splitstream.Replay.Tests;

/// <summary>
/// A seeded activity as the gateway publishes it: a start, 1 Hz noisy GPS in 5 s batches, heart rate every 2 s from
/// its own sensor in 10 s batches, a standstill (auto-pause), an explicit pause and resume, a stop; one batch is sent
/// twice and one arrives late, as devices do.
/// </summary>
internal sealed class ActivityTelemetry
{
    public ActivityTelemetry(string activityId, int seed, long startMs, int seconds, string sport)
    {
        var random = new Random(seed);
        var userId = "user-" + seed;
        Records.Add((Topics.ActivityEvents, activityId, new ActivityEvent
        {
            ActivityId = activityId,
            EventTimeMs = startMs,
            Started = new Started { UserId = userId, Sport = sport, Country = seed % 2 == 0 ? "CA" : "FR" },
        }, startMs));
        double lat = 45 + random.NextDouble(), lon = -73 + random.NextDouble(), heading = random.NextDouble() * 360;
        var speed = sport == "ride" ? 7.5 : 3.1;
        var gps = new List<GpsSample>();
        for (var s = 0; s < seconds; s++)
        {
            heading += random.NextDouble() * 6 - 3;
            var v = s > seconds / 5 && s < seconds / 5 + 40 ? 0 : speed * (0.9 + random.NextDouble() * 0.2);
            (lat, lon, _) = Geodesic.Direct(lat, lon, heading, v);
            var (noisyLat, noisyLon, _) = Geodesic.Direct(lat, lon, random.NextDouble() * 360, random.NextDouble() * 4);
            gps.Add(new GpsSample { TimeMs = startMs + s * 1000L, Lat = noisyLat, Lon = noisyLon, Ele = 50 + 10 * Math.Sin(s / 100.0), Acc = 5 });
        }
        GpsBatch? late = null;
        for (var s = 4; s < seconds; s += 5)
        {
            var batch = new GpsBatch { ActivityId = activityId, UserId = userId, Samples = { gps.Skip(s - 4).Take(5) } };
            var at = startMs + s * 1000L + 300;
            if (s == seconds / 2 + 4)
            {
                late = batch;
                continue;
            }
            Records.Add((Topics.Gps, activityId, batch, at));
            if (s == seconds / 4 + 4)
            {
                Records.Add((Topics.Gps, activityId, batch, at + 200));
            }
            if (s % 10 == 9)
            {
                var hr = new HeartRateBatch { ActivityId = activityId, UserId = userId };
                for (var t = s - 9; t <= s; t += 2)
                {
                    hr.Samples.Add(new HeartRateSample { TimeMs = startMs + t * 1000L + 370, Bpm = 110 + (t / 2) % 50 + seed % 7 });
                }
                Records.Add((Topics.HeartRate, activityId, hr, at + 100));
            }
            if (s == seconds / 3 + 4)
            {
                Records.Add((Topics.ActivityEvents, activityId, new ActivityEvent { ActivityId = activityId, EventTimeMs = at - 300, Paused = new Paused() }, at));
            }
            if (s == seconds / 3 + 64)
            {
                Records.Add((Topics.ActivityEvents, activityId, new ActivityEvent { ActivityId = activityId, EventTimeMs = at - 300, Resumed = new Resumed() }, at));
            }
        }
        var end = startMs + seconds * 1000L;
        // The late batch: a device that was offline uploads it after the rest, just before its stop.
        Records.Add((Topics.Gps, activityId, late!, end));
        if (seed % 3 != 0)
        {
            Records.Add((Topics.ActivityEvents, activityId, new ActivityEvent { ActivityId = activityId, EventTimeMs = end, Stopped = new Stopped() }, end + 1));
        }
    }

    public List<(string Topic, string Key, IMessage Value, long TimestampMs)> Records { get; } = [];
}
