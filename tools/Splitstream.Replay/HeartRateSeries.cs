using Splitstream.Geo;

namespace Splitstream.Replay;

/// <summary>Heart-rate readings of one activity in time order, joined to GPS by the fold's join (DESIGN §4: nearest within a tolerance).</summary>
public sealed class HeartRateSeries
{
    private readonly SortedDictionary<long, int> readings = [];
    private HeartRateSample[]? sorted;

    public void Add(long timeMs, int bpm)
    {
        readings[timeMs] = bpm;
        sorted = null;
    }

    public int? Nearest(long timeMs, TimeSpan tolerance)
    {
        sorted ??= [.. readings.Select(r => new HeartRateSample(r.Key, r.Value))];
        return HeartRateJoin.Nearest(sorted, timeMs, (long)tolerance.TotalMilliseconds);
    }
}
