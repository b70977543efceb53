using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>Leaderboards (DESIGN §8): boards replaced whole by the leaderboard topology's sink, read with the viewer's identification rights. A write returns once its transaction committed; every write is idempotent.</summary>
public interface ILeaderboardStore
{
    /// <summary>Replaces each board (header and entries) with the given version, in order (latest wins); one transaction.</summary>
    Task ReplaceLeaderboardsAsync(IReadOnlyList<Leaderboard> boards, CancellationToken cancellationToken = default);

    /// <summary>A board's top <paramref name="limit"/> rows, each flagged with whether <paramref name="viewerId"/> may identify it; null when unknown.</summary>
    Task<LeaderboardView?> GetLeaderboardAsync(string boardId, string viewerId, int limit, CancellationToken cancellationToken = default);
}
