namespace Splitstream.QueryApi;

// Bodies of the leaderboard route (snake_case on the wire), kept together as Responses.cs keeps the others.

/// <summary>
/// One ranked athlete. <c>user_id</c> and <c>display_name</c> are null (and <c>masked</c> true) for athletes who don't
/// share their activities publicly and aren't the viewer or the viewer's friend: their rank and distance stay.
/// </summary>
public sealed record LeaderboardEntryResponse(int Rank, string? UserId, string? DisplayName, double DistanceM, int Activities, bool Masked);

public sealed record LeaderboardResponse(
    string BoardId, string Sport, string Scope, string Week, DateTimeOffset? UpdatedAt, int TotalEntries, IReadOnlyList<LeaderboardEntryResponse> Entries);
