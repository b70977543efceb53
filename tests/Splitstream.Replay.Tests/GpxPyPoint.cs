namespace Splitstream.Replay.Tests;

/// <summary>One track point as gpxpy reads it: position, time in epoch milliseconds, elevation and heart rate when present.</summary>
internal sealed record GpxPyPoint(double Lat, double Lon, long Ms, double? Ele, int? Hr);
