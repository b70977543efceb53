using System.Runtime.InteropServices;

namespace Splitstream.Geo;

/// <summary>
/// Fastest elapsed time over each standard distance, fed incrementally with the cleaned track as (time, cumulative
/// distance) points — the same distance the summary reports — and interpolated linearly between points.
/// </summary>
/// <remarks>
/// <para>Definition: the effort over D is min over all stretches of the track covering exactly D of (end time − start
/// time), where a stretch may start and end between samples (position and time interpolated linearly along the
/// segment). Time is elapsed (wall-clock) time: auto-paused stops and explicit pauses inside a stretch count, because
/// an effort is a continuous piece of the activity; explicitly paused intervals add no distance (as for the summary's
/// distance) and a re-anchored jump adds none either, so a pause can only make an effort slower, never faster.</para>
/// <para>The minimum of this piecewise-linear function is at a stretch that starts or ends at a sample, so two pointers
/// per distance suffice: on each new point j, the stretch ending at j (start found by a forward-only pointer) and every
/// stretch starting at an earlier sample whose end falls in the segment that j closes. O(1) amortised per point and
/// distance; the points (16 B each) are kept because a marathon stretch may start anywhere.</para>
/// <para>A clone (the fold's snapshot copy) shares the points already appended and keeps its own appends in a private
/// tail, so a snapshot costs O(distances + tail), not O(points).</para>
/// </remarks>
internal sealed class BestEffortTracker
{
    private struct EffortState
    {
        public int EndingStart;   // latest index i with d[i] <= d[j] - D, for the stretch ending at the newest point
        public int PendingStart;  // first start sample whose stretch has not reached D yet
        public double BestS;      // +inf until covered
    }

    private readonly IReadOnlyList<BestEffortDistance> _distances;
    private readonly List<long> _sharedTimes;
    private readonly List<double> _sharedDistances;
    private readonly int _sharedCount;
    private readonly bool _owner;
    private List<long>? _tailTimes;
    private List<double>? _tailDistances;
    private readonly EffortState[] _efforts;
    private int _count;

    public BestEffortTracker(IReadOnlyList<BestEffortDistance> distances)
    {
        _distances = distances;
        _sharedTimes = [];
        _sharedDistances = [];
        _owner = true;
        _efforts = new EffortState[distances.Count];
        for (int k = 0; k < _efforts.Length; k++) _efforts[k].BestS = double.PositiveInfinity;
    }

    private BestEffortTracker(BestEffortTracker source)
    {
        _distances = source._distances;
        _sharedTimes = source._sharedTimes;
        _sharedDistances = source._sharedDistances;
        _sharedCount = source._owner ? source._count : source._sharedCount;
        _owner = false;
        if (source._tailTimes is not null)
        {
            _tailTimes = [.. source._tailTimes];
            _tailDistances = [.. source._tailDistances!];
        }
        _efforts = (EffortState[])source._efforts.Clone();
        _count = source._count;
    }

    public BestEffortTracker Clone() => new(this);

    /// <summary>Appends the next point: time strictly after the previous, cumulative distance not below it.</summary>
    public void Add(long timeMs, double cumulativeDistanceM)
    {
        if (_owner)
        {
            _sharedTimes.Add(timeMs);
            _sharedDistances.Add(cumulativeDistanceM);
        }
        else
        {
            (_tailTimes ??= []).Add(timeMs);
            (_tailDistances ??= []).Add(cumulativeDistanceM);
        }
        int j = _count++;
        if (j == 0) return;
        // Spans over the points, read once per call: this runs for every point and distance of every fold.
        var points = _owner
            ? new Points(CollectionsMarshal.AsSpan(_sharedTimes), CollectionsMarshal.AsSpan(_sharedDistances), [], [])
            : new Points(CollectionsMarshal.AsSpan(_sharedTimes)[.._sharedCount], CollectionsMarshal.AsSpan(_sharedDistances)[.._sharedCount],
                CollectionsMarshal.AsSpan(_tailTimes), CollectionsMarshal.AsSpan(_tailDistances));
        double dj = cumulativeDistanceM;
        double tj = timeMs;
        double dPrev = points.DistanceAt(j - 1);
        double tPrev = points.TimeAt(j - 1);
        double dFirst = points.DistanceAt(0);
        for (int k = 0; k < _efforts.Length; k++)
        {
            ref EffortState e = ref _efforts[k];
            double target = _distances[k].DistanceM;

            // Stretches starting at a sample whose end lies in the segment (j-1, j].
            while (e.PendingStart < j && points.DistanceAt(e.PendingStart) + target <= dj)
            {
                double endDistance = points.DistanceAt(e.PendingStart) + target;
                double fraction = dj > dPrev ? (endDistance - dPrev) / (dj - dPrev) : 1;
                double endMs = tPrev + fraction * (tj - tPrev);
                e.BestS = Math.Min(e.BestS, (endMs - points.TimeAt(e.PendingStart)) / 1000.0);
                e.PendingStart++;
            }

            // The stretch ending at j: it starts in the segment [i, i+1] where the distance is d[j] - D.
            double startDistance = dj - target;
            if (startDistance < dFirst) continue;
            while (e.EndingStart + 1 < j && points.DistanceAt(e.EndingStart + 1) <= startDistance) e.EndingStart++;
            double di = points.DistanceAt(e.EndingStart), dNext = points.DistanceAt(e.EndingStart + 1);
            double ti = points.TimeAt(e.EndingStart), tNext = points.TimeAt(e.EndingStart + 1);
            double startMs = dNext > di ? ti + (startDistance - di) / (dNext - di) * (tNext - ti) : ti;
            e.BestS = Math.Min(e.BestS, (tj - startMs) / 1000.0);
        }
    }

    /// <summary>Efforts covered so far, in the order of the sport's distances.</summary>
    public IReadOnlyList<BestEffort> ToEfforts()
    {
        var result = new List<BestEffort>(_efforts.Length);
        for (int k = 0; k < _efforts.Length; k++)
        {
            if (double.IsFinite(_efforts[k].BestS))
            {
                result.Add(new BestEffort(_distances[k].Name, _distances[k].DistanceM, _efforts[k].BestS));
            }
        }
        return result.AsReadOnly();
    }

    /// <summary>The points as the shared prefix followed by this copy's own tail (empty for the owner).</summary>
    private readonly ref struct Points(ReadOnlySpan<long> sharedTimes, ReadOnlySpan<double> sharedDistances,
        ReadOnlySpan<long> tailTimes, ReadOnlySpan<double> tailDistances)
    {
        private readonly ReadOnlySpan<long> _sharedTimes = sharedTimes;
        private readonly ReadOnlySpan<double> _sharedDistances = sharedDistances;
        private readonly ReadOnlySpan<long> _tailTimes = tailTimes;
        private readonly ReadOnlySpan<double> _tailDistances = tailDistances;

        public long TimeAt(int index) =>
            index < _sharedTimes.Length ? _sharedTimes[index] : _tailTimes[index - _sharedTimes.Length];

        public double DistanceAt(int index) =>
            index < _sharedDistances.Length ? _sharedDistances[index] : _tailDistances[index - _sharedDistances.Length];
    }
}
