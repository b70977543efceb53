namespace Splitstream.Store;

/// <summary>One GPS sample as stored: partition key <see cref="ActivityId"/>, clustering key <see cref="TimeMs"/>.</summary>
public readonly record struct GpsPoint(string ActivityId, long TimeMs, double Lat, double Lon, double? Ele, double? Acc);
