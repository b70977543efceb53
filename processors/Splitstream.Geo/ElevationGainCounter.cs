namespace Splitstream.Geo;

/// <summary>
/// Cumulative climb of the accepted points' elevations, in two steps:
/// <list type="number">
/// <item>Each elevation is smoothed with its two neighbours, weights 0.3, 0.4, 0.3 (the first and last are kept as
/// they are): the kernel gpxpy's <c>get_uphill_downhill()</c> uses, so on a clean barometric track the two agree.</item>
/// <item>A zig-zag counter with hysteresis h confirms a climb only once the smoothed elevation rose h above the last
/// trough, then counts every further rise until it fell h below the peak: a real climb counts in full, wobble smaller
/// than h never counts. h adapts to the track's own noise: h = max(0.25 m, 4 σ̂), σ̂ estimated from the running mean
/// (last 60 samples) of |e[i] − (e[i−1] + e[i+1]) / 2|, which for white noise of σ is σ·√1.5·√(2/π). A barometric
/// altimeter (0.1–0.2 m steps) gets h ≈ 0.25–0.5 m; GPS altitude with ±2 m of noise gets h ≈ 5 m and adds nothing on
/// flat ground, where gpxpy, counting every rise, would add hundreds of metres.</item>
/// </list>
/// The result depends only on the ordered elevations (not on time or batching). The newest elevation is held back one
/// sample (it needs its successor); <see cref="Complete"/> counts it unsmoothed, on the snapshot copy.
/// </summary>
internal struct ElevationGainCounter
{
    private const double MinHysteresisM = 0.25;
    private const double HysteresisInSigmas = 4;
    private const int NoiseWindowSamples = 60;
    // E|r| = sigma * sqrt(1.5) * sqrt(2/pi) for r = e[i] - (e[i-1] + e[i+1]) / 2 of white noise.
    private static readonly double SigmaPerMeanAbsResidual = Math.Sqrt(Math.PI / 2) / Math.Sqrt(1.5);

    private int _count;            // elevations observed
    private double _previous;      // e[n-1]
    private double _beforePrevious; // e[n-2]
    private int _residuals;
    private double _meanAbsResidual;
    private bool _climbing;
    private double _extreme; // trough while not climbing, peak while climbing

    public double GainM { get; private set; }

    public void Observe(double elevationM)
    {
        if (!double.IsFinite(elevationM)) return;
        if (_count == 0)
        {
            _extreme = elevationM; // the first elevation counts unsmoothed
        }
        else if (_count >= 2)
        {
            double residual = Math.Abs(_previous - (_beforePrevious + elevationM) / 2);
            _residuals++;
            _meanAbsResidual += (residual - _meanAbsResidual) / Math.Min(_residuals, NoiseWindowSamples);
            Step(0.3 * _beforePrevious + 0.4 * _previous + 0.3 * elevationM);
        }
        _beforePrevious = _previous;
        _previous = elevationM;
        _count++;
    }

    /// <summary>Counts the held-back newest elevation as it is (it has no successor yet).</summary>
    public void Complete()
    {
        if (_count >= 2) Step(_previous);
        _count = 0;
    }

    private void Step(double smoothed)
    {
        double hysteresis = Math.Max(MinHysteresisM, HysteresisInSigmas * SigmaPerMeanAbsResidual * _meanAbsResidual);
        if (_climbing)
        {
            if (smoothed > _extreme)
            {
                GainM += smoothed - _extreme;
                _extreme = smoothed;
            }
            else if (smoothed <= _extreme - hysteresis)
            {
                _climbing = false;
                _extreme = smoothed;
            }
        }
        else if (smoothed >= _extreme + hysteresis)
        {
            GainM += smoothed - _extreme;
            _climbing = true;
            _extreme = smoothed;
        }
        else if (smoothed < _extreme)
        {
            _extreme = smoothed;
        }
    }
}
