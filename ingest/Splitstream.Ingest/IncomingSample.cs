namespace Splitstream.Ingest;

/// <summary>
/// One sample as a device sent it, before validation: position and heart rate are both optional here so that a
/// heart-rate-only sample (a chest strap at its own rate) and a GPS-only sample share one validation path.
/// </summary>
public struct IncomingSample
{
    public long TimeMs;
    public bool HasTime;
    public double? Lat;
    public double? Lon;
    public double? Ele;
    public double? Acc;
    public int? Hr;

    public readonly bool HasPosition => Lat.HasValue && Lon.HasValue;
}
