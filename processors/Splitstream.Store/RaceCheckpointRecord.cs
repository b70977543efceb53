namespace Splitstream.Store;

/// <summary>A named checkpoint of a course, in degrees (WGS-84); split times are taken where racers pass it.</summary>
public sealed record RaceCheckpointRecord(string Name, double Lat, double Lon);
