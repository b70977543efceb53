namespace Splitstream.Fit;

/// <summary>
/// One <c>record</c> message (global 20) with the protocol's scale and offset applied; null where the device wrote
/// the invalid value or no field. Altitude is <c>enhanced_altitude</c> when present, else <c>altitude</c>; speed likewise.
/// </summary>
public sealed record FitRecord(
    long TimeMs,
    int? LatSemicircles,
    int? LonSemicircles,
    double? AltitudeM,
    int? HeartRate,
    int? Cadence,
    int? Power,
    double? SpeedMps,
    double? DistanceM)
{
    public double? Lat => LatSemicircles is { } s ? FitSemicircles.ToDegrees(s) : null;

    public double? Lon => LonSemicircles is { } s ? FitSemicircles.ToDegrees(s) : null;

    public bool HasPosition => LatSemicircles.HasValue && LonSemicircles.HasValue;
}
