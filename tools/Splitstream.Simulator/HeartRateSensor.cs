namespace Splitstream.Simulator;

/// <summary>
/// A chest strap paired to the device: it reports every <c>interval</c> on its own clock (phase and offset from
/// <see cref="ActivitySpec.HeartRateOffsetMs"/>), so its readings never line up with the GPS seconds. Heart rate
/// approaches an effort-dependent target with a 20 s lag and ±2 bpm of beat-to-beat noise. Nothing is recorded inside
/// an explicit pause, and readings outside [start, end] are dropped (the gateway rejects samples before the start).
/// </summary>
public static class HeartRateSensor
{
    public static List<WireSample> Read(
        ActivitySpec spec, IReadOnlyList<(long TimeMs, double SpeedMps, MotionState State)> seconds, long endMs,
        TimeSpan interval, SeededRandom random)
    {
        var readings = new List<WireSample>();
        if (seconds.Count == 0)
        {
            return readings;
        }
        var intervalMs = (long)interval.TotalMilliseconds;
        var hr = (double)spec.RestingHr + 30;
        var index = 0;
        for (var t = spec.StartMs + spec.HeartRateOffsetMs; t <= endMs; t += intervalMs)
        {
            while (index + 1 < seconds.Count && seconds[index + 1].TimeMs <= t)
            {
                index++;
            }
            var (_, speed, state) = seconds[index];
            var effort = state == MotionState.Moving ? Math.Clamp(speed / spec.BaseSpeedMps, 0.5, 1.4) : 0.2;
            var target = spec.RestingHr + (spec.MaxHr - spec.RestingHr) * (0.45 + 0.35 * effort);
            hr += (target - hr) * (1 - Math.Exp(-interval.TotalSeconds / 20));
            if (state == MotionState.Paused || t < spec.StartMs)
            {
                continue;
            }
            var bpm = (int)Math.Round(Math.Clamp(hr + 2 * random.Gaussian(), 40, 220));
            readings.Add(WireSample.HeartRate(t, bpm));
        }
        return readings;
    }
}
