namespace Splitstream.Geo;

/// <summary>
/// Estimates the white (sample-to-sample) part of GPS noise from the track itself, via the residual of linear
/// extrapolation from the two previous fixes. GPS error is mostly slowly varying bias, which no smoother can tell from
/// real motion; only the white jitter is removable. Using the reported accuracy (which describes the total error) as
/// the measurement noise would make the smoother average over far too long and cut corners, so the fold uses this
/// estimate, capped by the reported accuracy. A clean track yields a tiny estimate and is left essentially untouched.
/// </summary>
internal struct JitterEstimator
{
    /// <summary>1 cm: the resolution of 1e-7 degree coordinates; below this the estimate means nothing.</summary>
    public const double FloorSigmaM = 0.01;

    private const int WindowSamples = 60;
    private const int WarmUpSamples = 5;
    private const double MaxGapSeconds = 5; // over longer gaps real acceleration dominates the residual
    private const double ClipFactor = 9;    // 3-sigma clip: a corner is real motion, not noise

    private long _t1, _t2;
    private double _e1, _n1, _e2, _n2;
    private int _points;
    private int _residuals;
    private double _variance;

    /// <summary>Feeds an accepted fix; returns the estimated per-axis jitter variance, or null while warming up.</summary>
    public double? Observe(long timeMs, double east, double north)
    {
        double? result = null;
        if (_points >= 2)
        {
            double dt0 = (_t1 - _t2) / 1000.0, dt1 = (timeMs - _t1) / 1000.0;
            if (dt0 > 0 && dt1 > 0 && dt0 <= MaxGapSeconds && dt1 <= MaxGapSeconds)
            {
                double r = dt1 / dt0;
                double re = east - (_e1 + (_e1 - _e2) * r);
                double rn = north - (_n1 + (_n1 - _n2) * r);
                // Var(residual) per axis = sigma^2 * (1 + (1 + r)^2 + r^2) for white noise of variance sigma^2.
                double sample = (re * re + rn * rn) / (2 * (1 + (1 + r) * (1 + r) + r * r));
                _residuals++;
                if (_residuals > WarmUpSamples)
                {
                    sample = Math.Min(sample, ClipFactor * Math.Max(_variance, FloorSigmaM * FloorSigmaM));
                }
                _variance += (sample - _variance) / Math.Min(_residuals, WindowSamples);
            }
        }
        if (_residuals > 0) result = _variance;
        _t2 = _t1; _e2 = _e1; _n2 = _n1;
        _t1 = timeMs; _e1 = east; _n1 = north;
        _points++;
        return result;
    }

    /// <summary>Forgets the history (after a re-anchor the previous fixes are not comparable).</summary>
    public void ResetHistory() => _points = 0;
}
