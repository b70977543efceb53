namespace Splitstream.Store;

/// <summary>
/// A race's settings: its organiser (the first organiser to claim it) and whether its standings are private. A race
/// nobody claimed has no record and is public (DESIGN §5).
/// </summary>
public sealed record RaceRecord(string RaceId, string OrganiserId, bool IsPrivate);
