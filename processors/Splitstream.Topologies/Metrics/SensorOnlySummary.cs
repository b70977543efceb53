using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// An activity with heart rate and no GPS (an indoor FIT file, a treadmill session with a chest strap): the fold has no
/// points to measure, so the summary's duration is the span of the readings and its heart rate their mean and maximum.
/// Moving time is the elapsed time: without positions nothing says the athlete stood still.
/// </summary>
public static class SensorOnlySummary
{
    public static void Apply(ActivitySummary summary, ActivityTimeline timeline)
    {
        var readings = timeline.HeartRates;
        if (summary.PointsCount > 0 || readings.Count == 0)
        {
            return;
        }
        long first = long.MaxValue, last = long.MinValue, sum = 0;
        var max = 0;
        foreach (var r in readings)
        {
            first = Math.Min(first, r.TimeMs);
            last = Math.Max(last, r.TimeMs);
            sum += r.Bpm;
            max = Math.Max(max, r.Bpm);
        }
        summary.ElapsedTimeS = (last - first) / 1000.0;
        summary.MovingTimeS = summary.ElapsedTimeS;
        summary.FirstSampleMs = first;
        summary.LastSampleMs = last;
        summary.HrAvg = (double)sum / readings.Count;
        summary.HrMax = max;
    }
}
