namespace Splitstream.Store;

/// <summary>An athlete's fastest effort over one standard distance in one sport, and the activity it came from.</summary>
public sealed record PersonalBestRecord(string Sport, string Name, double DistanceM, double TimeS, string ActivityId, long StartedAtMs);
