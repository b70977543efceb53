namespace Splitstream.Store;

/// <summary>A stored board (its header from leaderboards.v1) and its top rows for one viewer.</summary>
public sealed record LeaderboardView(string BoardId, string Sport, string Scope, string Week, long UpdatedAtMs, int TotalEntries,
    IReadOnlyList<LeaderboardRow> Rows);
