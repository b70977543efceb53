using Splitstream.Schemas;

namespace Splitstream.Processors.Leaderboards;

/// <summary>Topics and size of <see cref="LeaderboardTopology"/>; tests give each run topics of their own.</summary>
public sealed record LeaderboardOptions(string ContributionsTopic, string LeaderboardsTopic, int TopEntries)
{
    public const string ApplicationId = "splitstream-leaderboards";

    /// <summary>Entries kept per board (the top 100).</summary>
    public const int DefaultTopEntries = 100;

    /// <summary>
    /// How long a board's derived view stays in memory without a change (wall-clock). Boards are weekly: past weeks go
    /// idle and are dropped, and a late contribution loads the board back from the contribution store.
    /// </summary>
    public TimeSpan IdleEviction { get; init; } = TimeSpan.FromMinutes(10);

    public static LeaderboardOptions Default { get; } = Of(Topics.BoardContributions, Topics.Leaderboards);

    public static LeaderboardOptions Of(string contributionsTopic, string leaderboardsTopic, int topEntries = DefaultTopEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topEntries, 1);
        return new(contributionsTopic, leaderboardsTopic, topEntries);
    }
}
