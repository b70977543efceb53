using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// Keeps the latest contribution of every activity to every board of this task (changelogged, keyed
/// <c>board|activity</c>: the raw, deduplicated state) and publishes a board's ranking whenever one of its
/// contributions changes. Rankings are derived: per user the sum of their activities' distances (summed in activity id
/// order, so the same contributions always give the same bits), ranked by distance descending, then by the earlier time
/// the user reached it (the newest sample of their contributing activities), then by user id (ordinal); the top
/// <see cref="LeaderboardOptions.TopEntries"/> are published as a keyed upsert. A duplicate or replayed contribution
/// finds itself already stored and publishes nothing.
/// </summary>
/// <remarks>
/// The store is on disk (a key per activity and board, for ever); memory holds the boards changed in the last
/// <see cref="LeaderboardOptions.IdleEviction"/>: a board is loaded from its range of the store (<c>board|…</c>) when a
/// contribution arrives for it, and dropped when idle (a past week's board). A board loaded back publishes its ranking
/// on its next change even when the top is unchanged, as after a restart.
/// </remarks>
internal sealed class BoardRanker(LeaderboardOptions options) : IProcessor<string, BoardContribution>
{
    private IKeyValueStore<string, BoardContribution> contributions = null!;
    private IProcessorContext context = null!;

    /// <summary>The derived view of the boards changed lately, each loaded from the store when first needed.</summary>
    private readonly Dictionary<string, LoadedBoard> boards = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        contributions = context.GetStateStore<IKeyValueStore<string, BoardContribution>>(LeaderboardTopology.ContributionStore);
        var idle = (long)options.IdleEviction.TotalMilliseconds;
        context.Schedule(options.IdleEviction / 2, PunctuationType.WallClockTime, now =>
        {
            foreach (var (boardId, _) in boards.Where(b => now - b.Value.TouchedAtMs >= idle).ToList())
            {
                boards.Remove(boardId);
            }
        });
    }

    public void Process(Record<string, BoardContribution> record)
    {
        var contribution = record.Value;
        var boardId = contribution.BoardId.Length > 0 ? contribution.BoardId : record.Key;
        var key = StoreKey(boardId, contribution.ActivityId);
        // The board's view holds exactly its stored contributions: it answers for the store.
        var loaded = BoardOf(boardId);
        var board = loaded.State;
        var stored = board.ContributionOf(contribution.ActivityId);
        var normalized = contribution.Clone();
        normalized.BoardId = boardId;
        if (contribution.Retracted ? stored is null : normalized.Equals(stored))
        {
            return; // nothing to retract, or the contribution stored already (a duplicate, a replay)
        }
        loaded.TouchedAtMs = context.WallClockTime;
        if (contribution.Retracted)
        {
            contributions.Delete(key);
            board.Set(contribution.ActivityId, null);
        }
        else
        {
            contributions.Put(key, normalized);
            board.Set(normalized.ActivityId, normalized);
        }
        var leaderboard = board.Publish(options.TopEntries);
        if (board.IsEmpty)
        {
            boards.Remove(boardId);
        }
        if (loaded.Published?.Equals(leaderboard) == true)
        {
            return;
        }
        loaded.Published = leaderboard;
        context.Forward(record.With(boardId, leaderboard), LeaderboardTopology.LeaderboardSink);
    }

    private LoadedBoard BoardOf(string boardId)
    {
        if (!boards.TryGetValue(boardId, out var board))
        {
            var state = new BoardState(boardId);
            foreach (var (_, contribution) in contributions.WithPrefix(boardId))
            {
                state.Set(contribution.ActivityId, contribution);
            }
            board = new LoadedBoard(state);
            boards[boardId] = board;
        }
        return board;
    }

    internal static string StoreKey(string boardId, string activityId) => $"{boardId}|{activityId}";
}
