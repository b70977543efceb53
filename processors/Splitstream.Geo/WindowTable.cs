namespace Splitstream.Geo;

/// <summary>Tumbling-window accumulators, kept sorted by window start (about 48 bytes per window; only minutes that hold samples).</summary>
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

    /// <summary>
    /// Adds an interval [fromMs, toMs)'s distance and moving time to the windows it overlaps, pro rata to the overlap.
    /// Only windows that already hold a sample take a share (both ends of an interval are samples, so the windows of
    /// its ends always exist): an interval across a gap without samples adds no window for the empty minutes — work
    /// and rows stay proportional to the samples (DESIGN.md §4 "Bounded work") — and its shares are scaled so the
    /// windows still add up to the activity's distance and moving time.
    /// </summary>
    public void AddMovement(long fromMs, long toMs, double distanceM, double movingMs)
    {
        if (toMs <= fromMs) return;
        int first = LowerBound(StartOf(fromMs));
        double coveredMs = 0;
        int last = first;
        for (; last < _windows.Count && _windows[last].StartMs < toMs; last++)
        {
            coveredMs += Overlap(_windows[last].StartMs, fromMs, toMs);
        }
        if (coveredMs <= 0)
        {
            // Cannot happen while every interval end is a counted sample; keep the movement rather than lose it.
            int index = FindOrInsert(StartOf(fromMs));
            var only = _windows[index];
            only.DistanceM += distanceM;
            only.MovingMs += movingMs;
            _windows[index] = only;
            return;
        }
        for (int i = first; i < last; i++)
        {
            var w = _windows[i];
            double share = Overlap(w.StartMs, fromMs, toMs) / coveredMs;
            w.MovingMs += movingMs * share;
            w.DistanceM += distanceM * share;
            _windows[i] = w;
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

    /// <summary>Milliseconds of [fromMs, toMs) inside the window starting at <paramref name="startMs"/>.</summary>
    private double Overlap(long startMs, long fromMs, long toMs) =>
        Math.Max(0, Math.Min(toMs, startMs + _sizeMs) - Math.Max(fromMs, startMs));

    /// <summary>Index of the first window starting at or after <paramref name="startMs"/>.</summary>
    private int LowerBound(long startMs)
    {
        int lo = 0, hi = _windows.Count;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (_windows[mid].StartMs < startMs) lo = mid + 1;
            else hi = mid;
        }
        return lo;
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
