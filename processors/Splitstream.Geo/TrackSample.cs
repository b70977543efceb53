namespace Splitstream.Geo;

/// <summary>
/// One GPS fix. 40 bytes: elevation and accuracy are kept in 8 bytes each rather than as <c>double?</c> (16 bytes each
/// with its flag), because every live activity keeps all its fixes in memory (<c>ActivityTimeline</c>) and they were
/// two thirds of its managed memory (issue 16, bench-e2e's memory figure). Each is stored as its bits XOR a NaN's, so
/// the all-zero bits of <c>default(TrackSample)</c> still read as absent, as a <c>double?</c>'s did (the state serde
/// starts each chunk from the default). NaN is never a value: ingest and the processors reject non-finite elevations
/// and accuracies, and a NaN given here reads back as absent.
/// </summary>
public readonly record struct TrackSample
{
    private static readonly long AbsentBits = BitConverter.DoubleToInt64Bits(double.NaN);

    private readonly long ele;
    private readonly long acc;

    /// <param name="TimeMs">Event time, epoch milliseconds.</param>
    /// <param name="Lat">Latitude, degrees.</param>
    /// <param name="Lon">Longitude, degrees.</param>
    /// <param name="Ele">Elevation above the ellipsoid or sea level, metres, when the device reports one.</param>
    /// <param name="Acc">Reported horizontal accuracy (1-sigma), metres, when the device reports one.</param>
    public TrackSample(long TimeMs, double Lat, double Lon, double? Ele, double? Acc)
    {
        this.TimeMs = TimeMs;
        this.Lat = Lat;
        this.Lon = Lon;
        ele = Stored(Ele);
        acc = Stored(Acc);
    }

    /// <summary>Event time, epoch milliseconds.</summary>
    public long TimeMs { get; init; }

    /// <summary>Latitude, degrees.</summary>
    public double Lat { get; init; }

    /// <summary>Longitude, degrees.</summary>
    public double Lon { get; init; }

    /// <summary>Elevation above the ellipsoid or sea level, metres, when the device reports one.</summary>
    public double? Ele
    {
        get => Read(ele);
        init => ele = Stored(value);
    }

    /// <summary>Reported horizontal accuracy (1-sigma), metres, when the device reports one.</summary>
    public double? Acc
    {
        get => Read(acc);
        init => acc = Stored(value);
    }

    // By value, as the positional record compared them (0.0 equals -0.0), not by the stored bits.
    public bool Equals(TrackSample other) =>
        TimeMs == other.TimeMs && Lat.Equals(other.Lat) && Lon.Equals(other.Lon) && Ele.Equals(other.Ele) && Acc.Equals(other.Acc);

    public override int GetHashCode() => HashCode.Combine(TimeMs, Lat, Lon, Ele, Acc);

    public void Deconstruct(out long TimeMs, out double Lat, out double Lon, out double? Ele, out double? Acc) =>
        (TimeMs, Lat, Lon, Ele, Acc) = (this.TimeMs, this.Lat, this.Lon, this.Ele, this.Acc);

    private static long Stored(double? value) =>
        value is double v && !double.IsNaN(v) ? BitConverter.DoubleToInt64Bits(v) ^ AbsentBits : 0;

    private static double? Read(long stored) =>
        stored == 0 ? null : BitConverter.Int64BitsToDouble(stored ^ AbsentBits);
}
