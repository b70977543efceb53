using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// Plays an <see cref="ActivitySpec"/> second by second: the athlete's speed wanders a little around the cruising
/// speed and follows the grade; the true position is read off the route; the GPS fix is the true position moved by the
/// noise model's error (exactly, by a geodesic of the error's length and direction); heart rate follows effort with a
/// lag and is read by a separate sensor on its own clock.
/// </summary>
public static class TrackSimulator
{
    /// <summary>Seconds a racer runs on past the finish line before stopping: the line is crossed, not stopped on.</summary>
    public const int RunOutS = 10;

    public static ActivityTrack Play(ActivitySpec spec, double noiseSigmaM, TimeSpan heartRateInterval, SeededRandom random)
    {
        var noise = new GpsNoiseModel(noiseSigmaM, random);
        var truth = new List<TruthPoint>(spec.MaxDurationS + 1);
        var gps = new List<WireSample>(spec.MaxDurationS + 1);
        TimeWindow? pause = spec.Pause is { } p ? new TimeWindow(spec.StartMs + p.AtS * 1000L, spec.StartMs + (p.AtS + p.LengthS) * 1000L) : null;
        TimeWindow? stop = spec.Stop is { } s ? new TimeWindow(spec.StartMs + s.AtS * 1000L, spec.StartMs + (s.AtS + s.LengthS) * 1000L) : null;
        TimeWindow? offline = spec.Offline is { } o ? new TimeWindow(spec.StartMs + o.AtS * 1000L, spec.StartMs + (o.AtS + o.LengthS) * 1000L) : null;

        var along = 0.0;
        var speedWander = 0.0;
        var finished = false;
        var finishMs = 0L;
        var runOutLeft = RunOutS;
        var timeMs = spec.StartMs;
        var states = new List<(long TimeMs, double SpeedMps, MotionState State)>();
        for (var second = 0; ; second++)
        {
            var state = pause?.Contains(timeMs) == true ? MotionState.Paused
                : stop?.Contains(timeMs) == true ? MotionState.Stopped
                : MotionState.Moving;
            truth.Add(new TruthPoint(timeMs, spec.Route.PointAt(along), along, state));
            var (east, north, up) = noise.Next(1);
            if (state != MotionState.Paused)
            {
                var at = truth[^1].Position;
                var error = double.Hypot(east, north);
                var fix = error > 0 ? Geodesic.Direct(at.Lat, at.Lon, Math.Atan2(east, north) * 180 / Math.PI, error) : new GeodesicDirectResult(at.Lat, at.Lon, 0);
                var reportedAccuracy = noiseSigmaM * (0.8 + 0.4 * random.NextDouble());
                gps.Add(WireSample.Gps(timeMs, fix.Lat, fix.Lon, at.Ele + up, Math.Max(1, reportedAccuracy)));
            }
            if ((finished && runOutLeft-- <= 0) || second >= spec.MaxDurationS)
            {
                break;
            }

            // Advance one second; a racer crosses the finish line inside one (at constant speed within the second, so
            // the crossing time is exact) and runs on through it, as on a real course, before stopping their device.
            speedWander = 0.97 * speedWander + Math.Sqrt(1 - 0.97 * 0.97) * random.Gaussian();
            var speed = state == MotionState.Moving ? SpeedOnGrade(spec, along, speedWander) : 0;
            states.Add((timeMs, speed, state));
            if (!finished && spec.TargetDistanceM is double target && speed > 0 && along + speed >= target)
            {
                finishMs = timeMs + (long)Math.Round((target - along) / speed * 1000);
                finished = true;
            }
            along += speed;
            timeMs += 1000;
        }

        var heartRate = HeartRateSensor.Read(spec, states, timeMs, heartRateInterval, random);
        return new ActivityTrack(truth, gps, heartRate, pause, offline, spec.StartMs, timeMs, finished) { FinishMs = finishMs };
    }

    /// <summary>Cruising speed times a slow ±4% wander, slower uphill and faster downhill (more so on a bike).</summary>
    private static double SpeedOnGrade(ActivitySpec spec, double along, double wander)
    {
        var grade = spec.Route.GradeAt(along);
        var sensitivity = spec.Sport == Sport.Ride ? 8 : 4;
        var factor = Math.Clamp(1 - sensitivity * grade, 0.5, 1.5);
        return spec.BaseSpeedMps * factor * (1 + 0.04 * wander);
    }
}
