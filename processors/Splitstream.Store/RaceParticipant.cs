namespace Splitstream.Store;

/// <summary>A registered racer: their bib (optional), display name and whether their profile shows activities publicly.</summary>
public sealed record RaceParticipant(string RaceId, string UserId, string? Bib, string? DisplayName, bool PublicProfile);
