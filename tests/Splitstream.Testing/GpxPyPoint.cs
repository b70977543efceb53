namespace Splitstream.Testing;

/// <summary>One track point as gpxpy reads it: position, time in epoch milliseconds, elevation and heart rate when present.</summary>
public sealed record GpxPyPoint(double Lat, double Lon, long Ms, double? Ele, int? Hr);
