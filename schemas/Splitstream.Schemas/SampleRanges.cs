namespace Splitstream.Schemas;

/// <summary>
/// The valid range of every sample field (DESIGN §3), in one place for the ingest gateway (which answers 400 naming
/// the field) and the topologies (which dead-letter a record from another producer that breaks them, DESIGN §4).
/// </summary>
public static class SampleRanges
{
    public const double MaxAbsLatitude = 90;
    public const double MaxAbsLongitude = 180;
    public const int MinHeartRate = 20;
    public const int MaxHeartRate = 250;

    /// <summary>An activity spans at most this much event time from its start (DESIGN §4 "Bounded work").</summary>
    public static readonly TimeSpan MaxActivitySpan = TimeSpan.FromHours(48);

    public static bool IsLatitude(double lat) => double.IsFinite(lat) && Math.Abs(lat) <= MaxAbsLatitude;

    public static bool IsLongitude(double lon) => double.IsFinite(lon) && Math.Abs(lon) <= MaxAbsLongitude;

    public static bool IsHeartRate(int bpm) => bpm is >= MinHeartRate and <= MaxHeartRate;

    /// <summary>Whether a sample at <paramref name="timeMs"/> lies within the span of an activity started at <paramref name="startedAtMs"/>.</summary>
    public static bool IsWithinActivitySpan(long timeMs, long startedAtMs) =>
        timeMs - startedAtMs <= (long)MaxActivitySpan.TotalMilliseconds;
}
