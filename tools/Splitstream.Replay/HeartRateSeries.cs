namespace Splitstream.Replay;

/// <summary>Heart-rate readings of one activity in time order, joined to GPS by nearest time within a tolerance (DESIGN §4).</summary>
public sealed class HeartRateSeries
{
    private readonly SortedDictionary<long, int> readings = [];
    private long[]? times;
    private int[]? values;

    public void Add(long timeMs, int bpm)
    {
        readings[timeMs] = bpm;
        times = null;
    }

    public int? Nearest(long timeMs, TimeSpan tolerance)
    {
        if (times is null || values is null)
        {
            times = [.. readings.Keys];
            values = [.. readings.Values];
        }
        if (times.Length == 0)
        {
            return null;
        }
        var i = Array.BinarySearch(times, timeMs);
        if (i >= 0)
        {
            return values[i];
        }
        i = ~i;
        var best = -1;
        if (i < times.Length)
        {
            best = i;
        }
        if (i > 0 && (best < 0 || timeMs - times[i - 1] <= times[i] - timeMs))
        {
            best = i - 1;
        }
        return Math.Abs(times[best] - timeMs) <= (long)tolerance.TotalMilliseconds ? values[best] : null;
    }
}
