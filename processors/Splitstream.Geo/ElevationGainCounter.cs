namespace Splitstream.Geo;

/// <summary>
/// Cumulative climb with noise rejection: altitude is first smoothed by a time-based exponential average (10 s), then a
/// zig-zag counter with hysteresis h confirms a climb only once altitude rose h above the last trough, and from then on
/// counts every further rise until altitude fell h below the peak. Noise smaller than h never counts; a real climb is
/// counted in full (not short by h as with a plain threshold).
/// </summary>
internal struct ElevationGainCounter
{
    private const double SmoothingTimeConstantS = 10;

    private readonly double _hysteresisM;
    private bool _started;
    private bool _climbing;
    private long _lastTimeMs;
    private double _smoothed;
    private double _extreme; // trough while not climbing, peak while climbing

    public ElevationGainCounter(double hysteresisM)
    {
        _hysteresisM = hysteresisM;
    }

    public double GainM { get; private set; }

    public void Observe(long timeMs, double elevationM)
    {
        if (!double.IsFinite(elevationM)) return;
        if (!_started)
        {
            _started = true;
            _smoothed = _extreme = elevationM;
            _lastTimeMs = timeMs;
            return;
        }
        double dt = (timeMs - _lastTimeMs) / 1000.0;
        _lastTimeMs = timeMs;
        _smoothed += (elevationM - _smoothed) * (1 - Math.Exp(-dt / SmoothingTimeConstantS));

        if (_climbing)
        {
            if (_smoothed > _extreme)
            {
                GainM += _smoothed - _extreme;
                _extreme = _smoothed;
            }
            else if (_smoothed <= _extreme - _hysteresisM)
            {
                _climbing = false;
                _extreme = _smoothed;
            }
        }
        else if (_smoothed >= _extreme + _hysteresisM)
        {
            GainM += _smoothed - _extreme;
            _climbing = true;
            _extreme = _smoothed;
        }
        else if (_smoothed < _extreme)
        {
            _extreme = _smoothed;
        }
    }
}
