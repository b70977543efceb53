namespace Splitstream.Geo;

/// <summary>Tumbling-window accumulators, kept sorted by window start (about 48 bytes per window, one per minute).</summary>
internal sealed class WindowTable
{
    private struct Accumulator
    {
        public long StartMs;
        public double DistanceM;
        public double MovingMs;
        public long HrSum;
        public int HrCount;
        public int SampleCount;
    }

    private readonly long _sizeMs;
    private readonly List<Accumulator> _windows;

    public WindowTable(long sizeMs)
    {
        _sizeMs = sizeMs;
        _windows = [];
    }

    private WindowTable(WindowTable source)
    {
        _sizeMs = source._sizeMs;
        _windows = new List<Accumulator>(source._windows);
    }

    public WindowTable Clone() => new(this);

    public long StartOf(long timeMs) => timeMs - (((timeMs % _sizeMs) + _sizeMs) % _sizeMs);

    /// <summary>Counts a sample into its window; rejected GPS points still carry a valid heart rate.</summary>
    public void AddSample(long timeMs, int? heartRateBpm, bool acceptedGps)
    {
        int index = FindOrInsert(StartOf(timeMs));
        var w = _windows[index];
        if (acceptedGps) w.SampleCount++;
        if (heartRateBpm is int bpm)
        {
            w.HrSum += bpm;
            w.HrCount++;
        }
        _windows[index] = w;
    }

    /// <summary>Adds a moving interval [fromMs, toMs), splitting its distance pro rata over window boundaries.</summary>
    public void AddMovement(long fromMs, long toMs, double distanceM)
    {
        double totalMs = toMs - fromMs;
        long cursor = fromMs;
        while (cursor < toMs)
        {
            // Windows are half-open [start, start + size): the time span [cursor, end) lies in the window of cursor.
            long start = StartOf(cursor);
            long end = Math.Min(toMs, start + _sizeMs);
            int index = FindOrInsert(start);
            var w = _windows[index];
            double share = (end - cursor) / totalMs;
            w.MovingMs += end - cursor;
            w.DistanceM += distanceM * share;
            _windows[index] = w;
            cursor = end;
        }
    }

    public IReadOnlyList<WindowAggregate> ToAggregates()
    {
        var result = new WindowAggregate[_windows.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var w = _windows[i];
            double movingS = w.MovingMs / 1000.0;
            result[i] = new WindowAggregate(
                w.StartMs,
                w.DistanceM,
                movingS,
                w.DistanceM > 0 ? movingS / (w.DistanceM / 1000.0) : null,
                w.HrCount > 0 ? (double)w.HrSum / w.HrCount : null,
                w.SampleCount);
        }
        return Array.AsReadOnly(result);
    }

    private int FindOrInsert(long startMs)
    {
        // Work arrives in time order (with a small lag between the sample and movement stages), so search from the end.
        int i = _windows.Count - 1;
        while (i >= 0 && _windows[i].StartMs > startMs) i--;
        if (i >= 0 && _windows[i].StartMs == startMs) return i;
        _windows.Insert(i + 1, new Accumulator { StartMs = startMs });
        return i + 1;
    }
}
