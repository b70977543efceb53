using Splitstream.Fit;

namespace Splitstream.QueryApi;

/// <summary>One exported sample: a stored GPS point, a stored heart-rate reading, or both when they share a time.</summary>
public readonly record struct ExportPoint(long TimeMs, double? Lat, double? Lon, double? Ele, int? HeartRate)
{
    public bool HasPosition => Lat.HasValue && Lon.HasValue;

    /// <summary>As a FIT record: the position rounded to the nearest semicircle (about 8 mm).</summary>
    public FitRecord ToFit() => new(TimeMs, Lat is { } lat ? FitSemicircles.FromDegrees(lat) : null,
        Lon is { } lon ? FitSemicircles.FromDegrees(lon) : null, Ele, HeartRate, null, null, null, null);
}
