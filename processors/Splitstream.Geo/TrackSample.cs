namespace Splitstream.Geo;

/// <summary>One GPS fix.</summary>
/// <param name="TimeMs">Event time, epoch milliseconds.</param>
/// <param name="Lat">Latitude, degrees.</param>
/// <param name="Lon">Longitude, degrees.</param>
/// <param name="Ele">Elevation above the ellipsoid or sea level, metres, when the device reports one.</param>
/// <param name="Acc">Reported horizontal accuracy (1-sigma), metres, when the device reports one.</param>
public readonly record struct TrackSample(long TimeMs, double Lat, double Lon, double? Ele, double? Acc);
