namespace Splitstream.Geo;

/// <summary>
/// Second stage of the fold: turns consecutive smoothed points into intervals, decides which intervals are moving,
/// and accumulates distance, moving time, splits, window movement, max speed, best efforts and the polyline.
/// </summary>
/// <remarks>
/// Auto-pause rule: an interval is slow when the smoothed speed over the trailing 3 s is below the sport's threshold.
/// A stretch of consecutive slow intervals that lasts longer than <c>autoPauseAfter</c> (15 s) is paused as a whole,
/// from its first slow interval (as Strava removes the whole stop); a shorter one counts as moving. Slow intervals are
/// therefore held (at most 15 s worth) until their stretch is decided, which keeps every total in time order and makes
/// the decision depend only on the ordered input. Auto-pause changes moving time only, never distance (DESIGN.md §4):
/// an auto-paused interval adds its distance (a slow walker still covered the ground, and a standing athlete's
/// smoothed track barely moves) but no moving time and no max-speed candidate. Explicit pauses: an interval is
/// excluded when either of its end points lies inside an explicit pause; it adds neither distance nor moving time.
/// Slow intervals count displacement, not path: from an anchor where the slow stretch began, distance is added in
/// steps of at least <see cref="SlowStepRadiusM"/>, and when the stretch ends the rest from the anchor to the point
/// that ended it. A slow walker's steady progress is kept (in steps, the remainder at the end); a standing athlete's
/// GPS wander, which stays within a few metres of one spot, adds only its net drift, not its zig-zag path.
/// </remarks>
internal sealed class MotionAccumulator
{
    private readonly record struct Interval(long FromMs, long ToMs, double DistanceM, double MaxSpeedCandidateMps);

    private const long SlowSpeedWindowMs = 3000;
    private const long MaxSpeedWindowMs = 5000;
    private const int SpeedRingCapacity = 64; // >= 5 s of history up to ~12 Hz

    /// <summary>
    /// The step of a slow stretch's distance: larger than the wander of a standing receiver after smoothing (a few
    /// metres), small against a slow walk's progress.
    /// </summary>
    public const double SlowStepRadiusM = 4.0;

    private readonly LocalFrame _frame;
    private readonly DistanceModel _distanceModel;
    private readonly double _autoPauseSpeedMps;
    private readonly long _autoPauseAfterMs;
    private readonly WindowTable _windows;
    private readonly PolylineEncoder _polyline;
    private readonly List<Interval> _pendingSlow;
    private readonly List<Split> _splits;
    private readonly BestEffortTracker _efforts;
    // Ring of (time, cumulative smoothed distance) for speeds over trailing spans.
    private readonly long[] _ringTime;
    private readonly double[] _ringDistance;
    private int _ringHead;
    private int _ringCount;

    private bool _hasPrevious;
    private SmoothedPoint _previous;
    private double _previousLat, _previousLon;
    private bool _hasSlowAnchor;
    private double _slowAnchorLat, _slowAnchorLon;
    private double _trackDistanceM;
    private double _countedDistanceM; // the summary's distance, fed to the best efforts as intervals arrive
    private long _slowStretchMs;
    private bool _autoPaused;
    private double _movingDistanceM;
    private double _movingMs;
    private double _maxSpeedMps;
    private double _movingMsAtLastSplit;

    public MotionAccumulator(LocalFrame frame, DistanceModel distanceModel, double autoPauseSpeedMps, long autoPauseAfterMs,
        WindowTable windows, IReadOnlyList<BestEffortDistance> bestEffortDistances)
    {
        _frame = frame;
        _distanceModel = distanceModel;
        _autoPauseSpeedMps = autoPauseSpeedMps;
        _autoPauseAfterMs = autoPauseAfterMs;
        _windows = windows;
        _polyline = new PolylineEncoder();
        _pendingSlow = [];
        _splits = [];
        _efforts = new BestEffortTracker(bestEffortDistances);
        _ringTime = new long[SpeedRingCapacity];
        _ringDistance = new double[SpeedRingCapacity];
    }

    private MotionAccumulator(MotionAccumulator s, WindowTable windows)
    {
        _frame = s._frame;
        _distanceModel = s._distanceModel;
        _autoPauseSpeedMps = s._autoPauseSpeedMps;
        _autoPauseAfterMs = s._autoPauseAfterMs;
        _windows = windows;
        _polyline = s._polyline.Clone();
        _pendingSlow = new List<Interval>(s._pendingSlow);
        _splits = new List<Split>(s._splits);
        _efforts = s._efforts.Clone();
        _ringTime = (long[])s._ringTime.Clone();
        _ringDistance = (double[])s._ringDistance.Clone();
        _ringHead = s._ringHead;
        _ringCount = s._ringCount;
        _hasPrevious = s._hasPrevious;
        _previous = s._previous;
        _previousLat = s._previousLat;
        _previousLon = s._previousLon;
        _hasSlowAnchor = s._hasSlowAnchor;
        _slowAnchorLat = s._slowAnchorLat;
        _slowAnchorLon = s._slowAnchorLon;
        _trackDistanceM = s._trackDistanceM;
        _countedDistanceM = s._countedDistanceM;
        _slowStretchMs = s._slowStretchMs;
        _autoPaused = s._autoPaused;
        _movingDistanceM = s._movingDistanceM;
        _movingMs = s._movingMs;
        _maxSpeedMps = s._maxSpeedMps;
        _movingMsAtLastSplit = s._movingMsAtLastSplit;
    }

    /// <summary>Deep copy that accumulates window movement into <paramref name="windows"/> (the clone's table).</summary>
    public MotionAccumulator Clone(WindowTable windows) => new(this, windows);

    public double DistanceM => _movingDistanceM;
    public double MovingTimeS => _movingMs / 1000.0;
    public double MaxSpeedMps => _maxSpeedMps;
    public IReadOnlyList<Split> Splits => _splits;
    public string Polyline => _polyline.ToString();
    public IReadOnlyList<BestEffort> BestEfforts => _efforts.ToEfforts();

    public void Accept(in SmoothedPoint point)
    {
        _frame.ToGeographic(point.East, point.North, out double lat, out double lon);
        AppendToPolyline(lat, lon);
        if (!_hasPrevious)
        {
            StartSegment(point, lat, lon);
            return;
        }

        double d = GeoDistance.Between(_distanceModel, _previousLat, _previousLon, lat, lon);
        _trackDistanceM += d;
        PushSpeedSample(point.TimeMs, _trackDistanceM);
        bool explicitPause = _previous.InExplicitPause || point.InExplicitPause;
        bool slow = TrailingSpeed(point.TimeMs, SlowSpeedWindowMs) < _autoPauseSpeedMps;
        double counted = explicitPause ? d : DisplacementOf(d, slow, lat, lon);
        var interval = new Interval(_previous.TimeMs, point.TimeMs, counted, TrailingSpeed(point.TimeMs, MaxSpeedWindowMs));
        _previous = point;
        _previousLat = lat;
        _previousLon = lon;

        if (explicitPause)
        {
            _hasSlowAnchor = false;
            ResolveSlowStretch();
            _efforts.Add(point.TimeMs, _countedDistanceM); // excluded: neither distance nor moving time; the clock runs
            return;
        }
        // Distance counts whatever auto-pause decides, so best efforts see it now.
        _countedDistanceM += counted;
        _efforts.Add(point.TimeMs, _countedDistanceM);
        if (!slow)
        {
            ResolveSlowStretch();
            Account(interval, moving: true);
            return;
        }
        _slowStretchMs += interval.ToMs - interval.FromMs;
        if (_autoPaused)
        {
            Account(interval, moving: false);
            return;
        }
        _pendingSlow.Add(interval);
        if (_slowStretchMs > _autoPauseAfterMs)
        {
            // The whole stop is paused, from its first slow interval: its distance stays, its time is not moving.
            _autoPaused = true;
            foreach (var pending in _pendingSlow) Account(pending, moving: false);
            _pendingSlow.Clear();
        }
    }

    /// <summary>Ends the current track segment (after a re-anchor the jump is not a path that was travelled).</summary>
    public void BreakSegment()
    {
        _hasSlowAnchor = false;
        ResolveSlowStretch();
        _hasPrevious = false;
        _ringCount = 0;
    }

    /// <summary>Decides a trailing slow stretch at the end of the data: it has not (yet) lasted long enough to pause.</summary>
    public void Complete() => ResolveSlowStretch();

    /// <summary>
    /// The distance an interval counts: its path length when it is fast, its displacement in steps of at least
    /// <see cref="SlowStepRadiusM"/> from the slow stretch's anchor when it is slow, and for the first fast interval
    /// after a slow stretch the whole rest from the anchor to its end point.
    /// </summary>
    private double DisplacementOf(double pathM, bool slow, double lat, double lon)
    {
        if (!slow && !_hasSlowAnchor)
        {
            return pathM;
        }
        if (!_hasSlowAnchor)
        {
            _hasSlowAnchor = true;
            _slowAnchorLat = _previousLat;
            _slowAnchorLon = _previousLon;
        }
        double fromAnchor = GeoDistance.Between(_distanceModel, _slowAnchorLat, _slowAnchorLon, lat, lon);
        if (!slow)
        {
            _hasSlowAnchor = false;
            return fromAnchor;
        }
        if (fromAnchor < SlowStepRadiusM)
        {
            return 0;
        }
        _slowAnchorLat = lat;
        _slowAnchorLon = lon;
        return fromAnchor;
    }

    private void StartSegment(in SmoothedPoint point, double lat, double lon)
    {
        _hasPrevious = true;
        _previous = point;
        _previousLat = lat;
        _previousLon = lon;
        _ringCount = 0;
        PushSpeedSample(point.TimeMs, _trackDistanceM);
        _efforts.Add(point.TimeMs, _countedDistanceM); // a re-anchored jump adds no distance; the clock runs
    }

    private void ResolveSlowStretch()
    {
        if (!_autoPaused)
        {
            foreach (var pending in _pendingSlow) Account(pending, moving: true);
        }
        _pendingSlow.Clear();
        _slowStretchMs = 0;
        _autoPaused = false;
    }

    /// <summary>Adds an interval's distance; its time counts as moving only when <paramref name="moving"/>.</summary>
    private void Account(in Interval interval, bool moving)
    {
        double dtMs = moving ? interval.ToMs - interval.FromMs : 0;
        double before = _movingDistanceM;
        double after = before + interval.DistanceM;
        // Whole kilometres completed inside this interval: interpolate the moving time at each boundary.
        for (int km = (int)Math.Floor(before / 1000) + 1; km * 1000.0 <= after; km++)
        {
            double fraction = interval.DistanceM > 0 ? (km * 1000.0 - before) / interval.DistanceM : 1;
            double movingMsAtBoundary = _movingMs + fraction * dtMs;
            double timeS = (movingMsAtBoundary - _movingMsAtLastSplit) / 1000.0;
            _splits.Add(new Split(km, timeS, timeS));
            _movingMsAtLastSplit = movingMsAtBoundary;
        }
        _movingDistanceM = after;
        _movingMs += dtMs;
        if (moving) _maxSpeedMps = Math.Max(_maxSpeedMps, interval.MaxSpeedCandidateMps);
        _windows.AddMovement(interval.FromMs, interval.ToMs, interval.DistanceM, dtMs);
    }

    private void AppendToPolyline(double lat, double lon)
    {
        _polyline.AppendIfDistinct(lat, lon);
    }

    private void PushSpeedSample(long timeMs, double cumulativeDistanceM)
    {
        int index = (_ringHead + _ringCount) % SpeedRingCapacity;
        if (_ringCount == SpeedRingCapacity)
        {
            _ringHead = (_ringHead + 1) % SpeedRingCapacity;
        }
        else
        {
            _ringCount++;
        }
        _ringTime[index] = timeMs;
        _ringDistance[index] = cumulativeDistanceM;
    }

    /// <summary>
    /// Smoothed distance over time from the latest sample at least <paramref name="spanMs"/> ago (or the oldest one
    /// kept, early in a segment) to now. Averaging over a span keeps single noisy steps from spiking the speed.
    /// </summary>
    private double TrailingSpeed(long nowMs, long spanMs)
    {
        int newest = (_ringHead + _ringCount - 1) % SpeedRingCapacity;
        int chosen = _ringHead;
        for (int i = _ringCount - 2; i >= 0; i--)
        {
            int index = (_ringHead + i) % SpeedRingCapacity;
            if (nowMs - _ringTime[index] >= spanMs)
            {
                chosen = index;
                break;
            }
        }
        long dtMs = nowMs - _ringTime[chosen];
        return dtMs > 0 ? (_ringDistance[newest] - _ringDistance[chosen]) / (dtMs / 1000.0) : 0;
    }
}
