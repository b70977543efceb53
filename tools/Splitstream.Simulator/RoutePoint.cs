namespace Splitstream.Simulator;

/// <summary>A point of a route or of an athlete's true path: degrees and metres above sea level.</summary>
public readonly record struct RoutePoint(double Lat, double Lon, double Ele);
