namespace Splitstream.Geo;

/// <summary>
/// Constant-velocity Kalman filter in the local plane followed by a fixed-lag Rauch-Tung-Striebel smoother: a point is
/// emitted, final, once <c>lag</c> later samples have refined it. East and north share one covariance (isotropic
/// measurement noise, same time steps), so it is computed once per sample.
/// </summary>
/// <remarks>
/// <para>Process noise. Two refinements of the plain continuous-time model, both to smooth the slowly wandering part of
/// GPS error (a 5 m drift with a 30 s time constant moves the fix ~1.3 m a second, which a light smoother reads as
/// motion and sums as extra distance) without cutting real corners:</para>
/// <list type="bullet">
/// <item>Manoeuvres: when a fix lies far outside the prediction (normalised innovation squared, two axes, above
/// <see cref="ManeuverThreshold"/>: p ≈ 3·10⁻⁴ under the model), that step's process noise is raised
/// <see cref="ManeuverFactor"/>-fold, so the filter follows a real turn at once and the smoother keeps its corner. The
/// sport's base noise can then be stiff on straights.</item>
/// <item>Sparse fixes: over a gap of dt seconds the noise is scaled by dt (1–5 s). An athlete's acceleration is not
/// white but lasts seconds (a turn, a surge), so the velocity change over a few seconds grows like dt², not dt; a watch
/// that records every 4 s (smart recording) would otherwise have its corners cut.</item>
/// </list>
/// State: a ring of lag + 1 entries of 160 bytes (time, filtered and predicted state and covariance, the backward gain
/// towards the next entry, pause flag): 1.8 KB at the default lag of 10. Emission depends only on the ordered input, never on how it was batched.
/// </remarks>
internal sealed class FixedLagSmoother
{
    private struct Entry
    {
        public long TimeMs;
        public bool InExplicitPause;
        // Filtered (posterior) state and covariance.
        public double East, EastVelocity, North, NorthVelocity;
        public double P00, P01, P11;
        // Predicted (prior) state and covariance at this entry's time, before its measurement.
        public double PredEast, PredEastVelocity, PredNorth, PredNorthVelocity;
        public double Q00, Q01, Q11;
        // RTS gain C = Pf F^T (Pp_next)^-1 towards the next entry: fixed once the next entry is pushed, so computed then,
        // once, instead of on every backward pass that crosses this entry (lag passes).
        public double C00, C01, C10, C11;
    }

    /// <summary>Normalised innovation squared (χ², 2 degrees of freedom) above which a fix counts as a manoeuvre.</summary>
    public const double ManeuverThreshold = 16;

    /// <summary>How much a manoeuvre raises that step's process noise.</summary>
    public const double ManeuverFactor = 50;

    /// <summary>The longest gap (seconds) over which the process noise grows with the gap.</summary>
    private const double CorrelatedAccelerationSeconds = 5;

    private readonly Entry[] _ring;
    private readonly double _accelerationPsd;
    private readonly double _initialVelocityVariance;
    private int _head; // index of the oldest entry
    private int _count;

    public FixedLagSmoother(int lag, double accelerationNoise, double maxSpeedMps)
    {
        _ring = new Entry[lag + 1];
        _accelerationPsd = accelerationNoise * accelerationNoise;
        // The first velocity is unknown: anything up to half the sport's ceiling is plausible.
        _initialVelocityVariance = GeoMath.Sq(maxSpeedMps / 2);
    }

    private FixedLagSmoother(FixedLagSmoother source)
    {
        _ring = (Entry[])source._ring.Clone();
        _accelerationPsd = source._accelerationPsd;
        _initialVelocityVariance = source._initialVelocityVariance;
        _head = source._head;
        _count = source._count;
    }

    public FixedLagSmoother Clone() => new(this);

    /// <summary>Adds a measurement; returns true with the point that became final, if any.</summary>
    public bool Push(long timeMs, double east, double north, double measurementVariance, bool inExplicitPause,
        out SmoothedPoint emitted)
    {
        Entry entry = default;
        entry.TimeMs = timeMs;
        entry.InExplicitPause = inExplicitPause;
        if (_count == 0)
        {
            entry.East = entry.PredEast = east;
            entry.North = entry.PredNorth = north;
            entry.P00 = entry.Q00 = measurementVariance;
            entry.P11 = entry.Q11 = _initialVelocityVariance;
        }
        else
        {
            ref Entry last = ref _ring[Slot(_count - 1)];
            double dt = (timeMs - last.TimeMs) / 1000.0;
            // Predict with white-noise acceleration (continuous-time CV model).
            entry.PredEast = last.East + dt * last.EastVelocity;
            entry.PredEastVelocity = last.EastVelocity;
            entry.PredNorth = last.North + dt * last.NorthVelocity;
            entry.PredNorthVelocity = last.NorthVelocity;
            double q = _accelerationPsd * Math.Clamp(dt, 1, CorrelatedAccelerationSeconds);
            Predict(ref entry, in last, dt, q);
            double s = entry.Q00 + measurementVariance;
            double innovationEast = east - entry.PredEast;
            double innovationNorth = north - entry.PredNorth;
            if ((innovationEast * innovationEast + innovationNorth * innovationNorth) / s > ManeuverThreshold)
            {
                Predict(ref entry, in last, dt, q * ManeuverFactor);
                s = entry.Q00 + measurementVariance;
            }
            double k0 = entry.Q00 / s, k1 = entry.Q01 / s;
            entry.East = entry.PredEast + k0 * innovationEast;
            entry.EastVelocity = entry.PredEastVelocity + k1 * innovationEast;
            entry.North = entry.PredNorth + k0 * innovationNorth;
            entry.NorthVelocity = entry.PredNorthVelocity + k1 * innovationNorth;
            entry.P00 = (1 - k0) * entry.Q00;
            entry.P01 = (1 - k0) * entry.Q01;
            entry.P11 = entry.Q11 - k1 * entry.Q01;
            SetGain(ref last, in entry, dt);
        }

        if (_count == _ring.Length)
        {
            // Cannot happen: the oldest entry is emitted as soon as the ring is full.
            throw new InvalidOperationException("Smoother ring overflow.");
        }
        _ring[Slot(_count)] = entry;
        _count++;

        if (_count < _ring.Length)
        {
            emitted = default;
            return false;
        }
        emitted = SmoothOldest();
        _head = Slot(1);
        _count--;
        return true;
    }

    /// <summary>Prior covariance at the entry's time (white-noise acceleration of spectral density <paramref name="q"/>).</summary>
    private static void Predict(ref Entry entry, in Entry last, double dt, double q)
    {
        entry.Q00 = last.P00 + 2 * dt * last.P01 + dt * dt * last.P11 + q * dt * dt * dt / 3;
        entry.Q01 = last.P01 + dt * last.P11 + q * dt * dt / 2;
        entry.Q11 = last.P11 + q * dt;
    }

    /// <summary>The RTS gain of <paramref name="cur"/> towards <paramref name="next"/>, pushed <paramref name="dt"/> seconds after it.</summary>
    private static void SetGain(ref Entry cur, in Entry next, double dt)
    {
        double a00 = cur.P00 + dt * cur.P01, a01 = cur.P01;
        double a10 = cur.P01 + dt * cur.P11, a11 = cur.P11;
        double det = next.Q00 * next.Q11 - next.Q01 * next.Q01;
        double i00 = next.Q11 / det, i01 = -next.Q01 / det, i11 = next.Q00 / det;
        cur.C00 = a00 * i00 + a01 * i01;
        cur.C01 = a00 * i01 + a01 * i11;
        cur.C10 = a10 * i00 + a11 * i01;
        cur.C11 = a10 * i01 + a11 * i11;
    }

    /// <summary>Ring index of the entry <paramref name="age"/> places after the oldest (0 ≤ age ≤ lag).</summary>
    private int Slot(int age)
    {
        int index = _head + age;
        return index < _ring.Length ? index : index - _ring.Length;
    }

    /// <summary>Emits every buffered point, smoothed over what is known now, and empties the smoother.</summary>
    public void Flush(List<SmoothedPoint> output)
    {
        if (_count == 0) return;
        Span<double> east = stackalloc double[_count];
        Span<double> north = stackalloc double[_count];
        SmoothBackward(east, north);
        for (int i = 0; i < _count; i++)
        {
            ref Entry e = ref _ring[Slot(i)];
            output.Add(new SmoothedPoint(e.TimeMs, east[i], north[i], e.InExplicitPause));
        }
        _head = 0;
        _count = 0;
    }

    /// <summary>The oldest entry smoothed over every newer one: the backward recursion without keeping the newer results.</summary>
    private SmoothedPoint SmoothOldest()
    {
        ref Entry newest = ref _ring[Slot(_count - 1)];
        double se = newest.East, sve = newest.EastVelocity, sn = newest.North, svn = newest.NorthVelocity;
        for (int i = _count - 2; i >= 0; i--)
        {
            Step(ref se, ref sve, ref sn, ref svn, in _ring[Slot(i)], in _ring[Slot(i + 1)]);
        }
        ref Entry oldest = ref _ring[_head];
        return new SmoothedPoint(oldest.TimeMs, se, sn, oldest.InExplicitPause);
    }

    /// <summary>RTS recursion from the newest entry back to the oldest; fills smoothed positions in age order.</summary>
    private void SmoothBackward(Span<double> eastOut, Span<double> northOut)
    {
        int n = _count;
        ref Entry newest = ref _ring[Slot(n - 1)];
        double se = newest.East, sve = newest.EastVelocity, sn = newest.North, svn = newest.NorthVelocity;
        eastOut[n - 1] = se;
        northOut[n - 1] = sn;
        for (int i = n - 2; i >= 0; i--)
        {
            Step(ref se, ref sve, ref sn, ref svn, in _ring[Slot(i)], in _ring[Slot(i + 1)]);
            eastOut[i] = se;
            northOut[i] = sn;
        }
    }

    /// <summary>One backward step: the smoothed state at <paramref name="next"/> becomes the smoothed state at <paramref name="cur"/>.</summary>
    private static void Step(ref double se, ref double sve, ref double sn, ref double svn, in Entry cur, in Entry next)
    {
        double de = se - next.PredEast, dve = sve - next.PredEastVelocity;
        double dn = sn - next.PredNorth, dvn = svn - next.PredNorthVelocity;
        se = cur.East + cur.C00 * de + cur.C01 * dve;
        sve = cur.EastVelocity + cur.C10 * de + cur.C11 * dve;
        sn = cur.North + cur.C00 * dn + cur.C01 * dvn;
        svn = cur.NorthVelocity + cur.C10 * dn + cur.C11 * dvn;
    }
}
