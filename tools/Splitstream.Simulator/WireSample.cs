namespace Splitstream.Simulator;

/// <summary>
/// One element of a sample batch as the device posts it: a GPS fix (lat, lon, ele, acc) or, from the heart-rate
/// sensor, a heart-rate-only reading (hr, no position).
/// </summary>
public readonly record struct WireSample(long TimeMs, double? Lat, double? Lon, double? Ele, double? Acc, int? Hr)
{
    public bool IsGps => Lat is not null;

    public static WireSample Gps(long timeMs, double lat, double lon, double ele, double acc) =>
        new(timeMs, Math.Round(lat, 7), Math.Round(lon, 7), Math.Round(ele, 1), Math.Round(acc, 1), null);

    public static WireSample HeartRate(long timeMs, int bpm) => new(timeMs, null, null, null, null, bpm);
}
