namespace Splitstream.Geo;

/// <summary>Solution of the inverse geodesic problem: the shortest path between two points on the WGS-84 ellipsoid.</summary>
/// <param name="DistanceM">Geodesic length in metres.</param>
/// <param name="InitialAzimuthDeg">Azimuth at the first point, degrees clockwise from north, in [-180, 180].</param>
/// <param name="FinalAzimuthDeg">Forward azimuth at the second point, degrees clockwise from north, in [-180, 180].</param>
public readonly record struct GeodesicInverseResult(double DistanceM, double InitialAzimuthDeg, double FinalAzimuthDeg);
