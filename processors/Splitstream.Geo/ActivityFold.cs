namespace Splitstream.Geo;

/// <summary>
/// Deterministic left fold of one activity's GPS samples into its metrics (DESIGN.md §4). The result depends only on
/// the ordered input, never on how it was batched: the stream processor keeps the raw, time-sorted, de-duplicated
/// points per activity, feeds them in order, and refolds from scratch when a point arrives out of order.
/// </summary>
/// <remarks>
/// <para>Pipeline per sample: outlier gate (implied speed against the sport's ceiling) → elevation, heart rate and
/// window sample counts → constant-velocity Kalman filter with a fixed-lag RTS smoother (look-ahead of
/// <see cref="ActivityMetricsOptions.SmoothingLagSamples"/> samples) → intervals between smoothed points → moving or
/// paused (explicit pauses, auto-pause) → distance, moving time, splits, windows, max speed, best efforts, polyline.
/// Auto-pause changes moving time only; explicit pauses exclude distance and moving time.</para>
/// <para>Outliers: a point farther from the last accepted point than max speed × dt + 2 × accuracy is rejected and
/// counted. If five consecutive rejected points agree with each other, the track really moved (or the anchor was the
/// bad fix): the fold re-anchors on the fifth, starting a new segment; the jump itself adds no distance.</para>
/// <para>Elapsed time is last minus first accepted sample time and includes pauses (Strava-style). Heart rate averages
/// over every added sample that had a joined reading, outliers included (a bad position is not a bad heartbeat).</para>
/// <para>State size per activity: about 4 KB fixed (smoother ring 1.8 KB at lag 10, speed ring 1 KB, slow-stretch
/// buffer ≤ 15 s × rate × 32 B ≈ 0.5 KB at 1 Hz, scalars) plus ~48 B per minute (windows), 24 B per km (splits) and
/// the polyline, ~8-12 B per distinct point (2-byte chars), plus 40 B per recent accepted sample kept when asked (race
/// activities: 32, 1.3 KB). The raw points the processor keeps dominate anyway.</para>
/// </remarks>
public sealed class ActivityFold
{
    private const int ReanchorAfterConsistentRejections = 5;

    private readonly SportProfile _profile;
    private readonly ActivityMetricsOptions _options;
    private readonly WindowTable _windows;
    private readonly List<SmoothedPoint> _flushBuffer = [];

    private LocalFrame _frame;
    private FixedLagSmoother? _smoother;
    private MotionAccumulator? _motion;
    private JitterEstimator _jitter;
    private ElevationGainCounter _elevation;

    private bool _hasAnySample;
    private long _lastAddedTimeMs;
    private long? _firstAcceptedMs;
    private long _lastAcceptedMs;
    private double _anchorEast, _anchorNorth;
    private long _anchorTimeMs;
    private bool _hasRejected;
    private double _rejectedEast, _rejectedNorth;
    private long _rejectedTimeMs;
    private int _consistentRejections;

    /// <summary>The newest accepted samples, a ring (race activities only: see <see cref="ActivityMetrics.RecentAccepted"/>).</summary>
    private readonly TrackSample[]? _recent;
    private int _recentCount;
    private int _recentNext;

    private int _acceptedCount;
    private int _outliers;
    private long _hrSum;
    private int _hrCount;
    private int? _hrMax;

    /// <param name="sport">Decides the outlier gate, the smoother's noise and auto-pause.</param>
    /// <param name="options">The fold's settings; <see cref="ActivityMetricsOptions.Default"/> when null.</param>
    /// <param name="recentAccepted">How many of the newest accepted samples <see cref="ActivityMetrics.RecentAccepted"/>
    /// carries (0: none). The race standings time crossings between them.</param>
    public ActivityFold(Sport sport, ActivityMetricsOptions? options = null, int recentAccepted = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentAccepted);
        _profile = SportProfile.For(sport);
        _options = options ?? ActivityMetricsOptions.Default;
        _windows = new WindowTable((long)_options.WindowSize.TotalMilliseconds);
        _recent = recentAccepted > 0 ? new TrackSample[recentAccepted] : null;
    }

    private ActivityFold(ActivityFold s)
    {
        _profile = s._profile;
        _options = s._options;
        _windows = s._windows.Clone();
        _frame = s._frame;
        _smoother = s._smoother?.Clone();
        _motion = s._motion?.Clone(_windows);
        _jitter = s._jitter;
        _elevation = s._elevation;
        _hasAnySample = s._hasAnySample;
        _lastAddedTimeMs = s._lastAddedTimeMs;
        _firstAcceptedMs = s._firstAcceptedMs;
        _lastAcceptedMs = s._lastAcceptedMs;
        _anchorEast = s._anchorEast;
        _anchorNorth = s._anchorNorth;
        _anchorTimeMs = s._anchorTimeMs;
        _hasRejected = s._hasRejected;
        _rejectedEast = s._rejectedEast;
        _rejectedNorth = s._rejectedNorth;
        _rejectedTimeMs = s._rejectedTimeMs;
        _consistentRejections = s._consistentRejections;
        _recent = (TrackSample[]?)s._recent?.Clone();
        _recentCount = s._recentCount;
        _recentNext = s._recentNext;
        _acceptedCount = s._acceptedCount;
        _outliers = s._outliers;
        _hrSum = s._hrSum;
        _hrCount = s._hrCount;
        _hrMax = s._hrMax;
    }

    public Sport Sport => _profile.Sport;

    public ActivityMetricsOptions Options => _options;

    /// <summary>Samples added so far, accepted or not.</summary>
    public int SamplesAdded { get; private set; }

    /// <summary>How many of the newest accepted samples the metrics carry (the constructor's <c>recentAccepted</c>).</summary>
    public int RecentAcceptedCapacity => _recent?.Length ?? 0;

    /// <summary>Time of the last added sample (the next one must be later), or null before the first.</summary>
    public long? LastTimeMs => _hasAnySample ? _lastAddedTimeMs : null;

    /// <summary>Deep copy: both copies can continue independently.</summary>
    public ActivityFold Clone() => new(this);

    /// <summary>Folds the next sample.</summary>
    /// <param name="sample">Must be strictly later than every sample added before.</param>
    /// <param name="joinedHrBpm">Heart rate joined to this sample (<see cref="HeartRateJoin.Nearest"/>), if any.</param>
    /// <param name="inExplicitPause">Whether the sample's time lies inside an explicit pause (<see cref="ExplicitPauses.Contains"/>).</param>
    public void Add(in TrackSample sample, int? joinedHrBpm, bool inExplicitPause)
    {
        if (_hasAnySample && sample.TimeMs <= _lastAddedTimeMs)
        {
            throw new ArgumentException(
                $"Samples must be strictly increasing in time: {sample.TimeMs} after {_lastAddedTimeMs}.", nameof(sample));
        }
        if (!double.IsFinite(sample.Lat) || !double.IsFinite(sample.Lon) || Math.Abs(sample.Lat) > 90)
        {
            throw new ArgumentException("Latitude and longitude must be finite and latitude within ±90.", nameof(sample));
        }
        _hasAnySample = true;
        _lastAddedTimeMs = sample.TimeMs;
        SamplesAdded++;

        if (joinedHrBpm is int bpm)
        {
            _hrSum += bpm;
            _hrCount++;
            _hrMax = Math.Max(_hrMax ?? bpm, bpm);
        }

        if (_motion is null)
        {
            // The first sample anchors the local frame for the whole activity.
            _frame = new LocalFrame(sample.Lat, sample.Lon);
            _motion = new MotionAccumulator(_frame, _options.DistanceModel, _profile.AutoPauseSpeedMps,
                (long)_options.AutoPauseAfter.TotalMilliseconds, _windows, BestEffortDistance.For(_profile.Sport));
        }
        _frame.ToLocal(sample.Lat, sample.Lon, out double east, out double north);
        double accuracyM = AccuracyOf(sample);

        bool reanchor = false;
        if (_firstAcceptedMs is not null && !IsPlausible(_anchorEast, _anchorNorth, _anchorTimeMs, east, north, sample.TimeMs, accuracyM))
        {
            _consistentRejections = _hasRejected && IsPlausible(_rejectedEast, _rejectedNorth, _rejectedTimeMs, east, north, sample.TimeMs, accuracyM)
                ? _consistentRejections + 1
                : 1;
            _hasRejected = true;
            _rejectedEast = east;
            _rejectedNorth = north;
            _rejectedTimeMs = sample.TimeMs;
            if (_consistentRejections < ReanchorAfterConsistentRejections)
            {
                _outliers++;
                _windows.AddSample(sample.TimeMs, joinedHrBpm, acceptedGps: false);
                return;
            }
            reanchor = true;
        }
        _hasRejected = false;
        _consistentRejections = 0;

        if (reanchor) BreakSegment();
        Accept(sample, east, north, accuracyM, joinedHrBpm, inExplicitPause);
    }

    /// <summary>
    /// Metrics of everything added so far. The smoother's look-ahead tail and an undecided slow stretch are settled on
    /// a copy, so this fold can keep going; snapshots taken at any point never change the final result.
    /// </summary>
    public ActivityMetrics Snapshot()
    {
        var copy = Clone();
        copy.Complete();
        return copy.ToMetrics();
    }

    private void Accept(in TrackSample sample, double east, double north, double accuracyM, int? joinedHrBpm, bool inExplicitPause)
    {
        _firstAcceptedMs ??= sample.TimeMs;
        _lastAcceptedMs = sample.TimeMs;
        _anchorEast = east;
        _anchorNorth = north;
        _anchorTimeMs = sample.TimeMs;
        _acceptedCount++;
        if (_recent is not null)
        {
            _recent[_recentNext] = sample;
            _recentNext = (_recentNext + 1) % _recent.Length;
            _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        }
        _windows.AddSample(sample.TimeMs, joinedHrBpm, acceptedGps: true);
        if (sample.Ele is double ele) _elevation.Observe(ele);

        if (!_options.Smoothing)
        {
            _motion!.Accept(new SmoothedPoint(sample.TimeMs, east, north, inExplicitPause));
            return;
        }

        double jitterVariance = _jitter.Observe(sample.TimeMs, east, north) ?? accuracyM * accuracyM;
        double variance = Math.Clamp(jitterVariance, JitterEstimator.FloorSigmaM * JitterEstimator.FloorSigmaM, accuracyM * accuracyM);
        _smoother ??= new FixedLagSmoother(_options.SmoothingLagSamples, _profile.AccelerationNoiseMps2, _profile.MaxPlausibleSpeedMps);
        if (_smoother.Push(sample.TimeMs, east, north, variance, inExplicitPause, out var emitted))
        {
            _motion!.Accept(emitted);
        }
    }

    private void BreakSegment()
    {
        FlushSmoother();
        _smoother = null;
        _jitter.ResetHistory();
        _motion!.BreakSegment();
    }

    private void Complete()
    {
        FlushSmoother();
        _motion?.Complete();
        _elevation.Complete();
    }

    private void FlushSmoother()
    {
        if (_smoother is null) return;
        _flushBuffer.Clear();
        _smoother.Flush(_flushBuffer);
        foreach (var point in _flushBuffer) _motion!.Accept(point);
        _flushBuffer.Clear();
    }

    private double AccuracyOf(in TrackSample sample) =>
        sample.Acc is double acc && double.IsFinite(acc) && acc > 0
            ? Math.Max(acc, JitterEstimator.FloorSigmaM)
            : _options.DefaultAccuracyM;

    private bool IsPlausible(double fromEast, double fromNorth, long fromMs, double east, double north, long toMs, double accuracyM)
    {
        double dt = (toMs - fromMs) / 1000.0;
        double reach = _profile.MaxPlausibleSpeedMps * dt + 2 * accuracyM;
        double dx = east - fromEast, dy = north - fromNorth;
        return dx * dx + dy * dy <= reach * reach;
    }

    private ActivityMetrics ToMetrics()
    {
        double distance = _motion?.DistanceM ?? 0;
        double moving = _motion?.MovingTimeS ?? 0;
        return new ActivityMetrics
        {
            DistanceM = distance,
            MovingTimeS = moving,
            ElapsedTimeS = _firstAcceptedMs is long first ? (_lastAcceptedMs - first) / 1000.0 : 0,
            AvgPaceSPerKm = distance > 0 ? moving / (distance / 1000) : null,
            AvgSpeedMps = moving > 0 ? distance / moving : 0,
            MaxSpeedMps = _motion?.MaxSpeedMps ?? 0,
            ElevationGainM = _elevation.GainM,
            HrAvg = _hrCount > 0 ? (double)_hrSum / _hrCount : null,
            HrMax = _hrMax,
            PointsCount = _acceptedCount,
            OutliersRejected = _outliers,
            Polyline = _motion?.Polyline ?? "",
            Splits = _motion is null ? [] : Array.AsReadOnly(_motion.Splits.ToArray()),
            BestEfforts = _motion?.BestEfforts ?? [],
            Windows = _windows.ToAggregates(),
            FirstTimeMs = _firstAcceptedMs,
            LastTimeMs = _firstAcceptedMs is null ? null : _lastAcceptedMs,
            RecentAccepted = RecentAcceptedOldestFirst(),
        };
    }

    private TrackSample[] RecentAcceptedOldestFirst()
    {
        if (_recent is null || _recentCount == 0)
        {
            return [];
        }
        var result = new TrackSample[_recentCount];
        var oldest = (_recentNext - _recentCount + _recent.Length) % _recent.Length;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _recent[(oldest + i) % _recent.Length];
        }
        return result;
    }
}
