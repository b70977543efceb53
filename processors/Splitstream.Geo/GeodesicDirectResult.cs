namespace Splitstream.Geo;

/// <summary>Solution of the direct geodesic problem: where a geodesic of given start, azimuth and length ends.</summary>
/// <param name="Lat">Latitude of the end point, degrees.</param>
/// <param name="Lon">Longitude of the end point, degrees in [-180, 180].</param>
/// <param name="FinalAzimuthDeg">Forward azimuth at the end point, degrees clockwise from north.</param>
public readonly record struct GeodesicDirectResult(double Lat, double Lon, double FinalAzimuthDeg);
