using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Leaderboards;

/// <summary>A board's derived view in <see cref="BoardRanker"/>'s memory, with what it published last and when it last changed.</summary>
internal sealed class LoadedBoard(BoardState state)
{
    public BoardState State { get; } = state;

    /// <summary>What was published last, so a change that doesn't move the published ranking is not re-sent; null when loaded.</summary>
    public Leaderboard? Published { get; set; }

    /// <summary>Wall-clock time of the last contribution received (<see cref="LeaderboardOptions.IdleEviction"/>).</summary>
    public long TouchedAtMs { get; set; }
}
