namespace Splitstream.Ingest;

/// <summary>What the gateway must know of an activity to accept writes for it, without a database round trip.</summary>
public sealed record RegisteredActivity(
    string ActivityId, string UserId, string Sport, long StartedAtMs, string Status, string RaceId, string Country);
