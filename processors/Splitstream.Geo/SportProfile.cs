namespace Splitstream.Geo;

/// <summary>Per-sport physical limits used by the fold.</summary>
/// <param name="Sport">The sport described.</param>
/// <param name="MaxPlausibleSpeedMps">
/// Implied speed above which a GPS point is an outlier. Set well above elite performance (a 100 m sprint peaks near
/// 12 m/s; a descending road bike near 30 m/s) so real efforts are never rejected.
/// </param>
/// <param name="AutoPauseSpeedMps">Speed below which the athlete counts as stopped (auto-pause after 15 s).</param>
/// <param name="AccelerationNoiseMps2">
/// Spectral density scale (m/s^2 over one second) of unmodelled acceleration in the constant-velocity smoother: how
/// sharply the sport changes speed and heading. Larger follows corners better but smooths less noise. The smoother
/// raises it for a step whose fix lies far off the prediction (a turn), so the base can be stiff: runs 0.15 (was 0.5
/// before manoeuvres were detected; see Splitstream.Geo/README.md for the measured trade-off against real tracks).
/// </param>
public sealed record SportProfile(Sport Sport, double MaxPlausibleSpeedMps, double AutoPauseSpeedMps, double AccelerationNoiseMps2)
{
    public static readonly SportProfile Run = new(Sport.Run, 12.0, 0.8, 0.15);
    public static readonly SportProfile Ride = new(Sport.Ride, 35.0, 1.5, 1.0);
    public static readonly SportProfile Walk = new(Sport.Walk, 4.0, 0.3, 0.3);
    public static readonly SportProfile Hike = new(Sport.Hike, 4.0, 0.3, 0.3);

    public static SportProfile For(Sport sport) => sport switch
    {
        Sport.Run => Run,
        Sport.Ride => Ride,
        Sport.Walk => Walk,
        Sport.Hike => Hike,
        _ => throw new ArgumentOutOfRangeException(nameof(sport), sport, "Unknown sport."),
    };
}
