namespace Splitstream.Fit;

/// <summary>FIT date_time: seconds since 1989-12-31T00:00:00Z (the FIT epoch).</summary>
public static class FitTime
{
    public const long EpochUnixSeconds = 631065600;

    /// <summary>Values below this are relative times (seconds since device power-up), not dates.</summary>
    public const uint MinAbsolute = 0x10000000;

    public static long ToUnixMs(uint fitSeconds) => (EpochUnixSeconds + fitSeconds) * 1000L;

    public static uint FromUnixMs(long unixMs) => checked((uint)(Math.Floor(unixMs / 1000.0) - EpochUnixSeconds));
}
