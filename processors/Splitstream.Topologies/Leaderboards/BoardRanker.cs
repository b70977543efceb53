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
internal sealed class BoardRanker(LeaderboardOptions options) : IProcessor<string, BoardContribution>
{
    private IKeyValueStore<string, BoardContribution> contributions = null!;
    private IProcessorContext context = null!;

    /// <summary>The derived view of each board of this task, rebuilt from the store on every start or restore.</summary>
    private readonly Dictionary<string, BoardState> boards = [];

    /// <summary>What was published last per board, so a change that doesn't move the published ranking is not re-sent.</summary>
    private readonly Dictionary<string, Leaderboard> published = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        contributions = context.GetStateStore<IKeyValueStore<string, BoardContribution>>(LeaderboardTopology.ContributionStore);
        foreach (var (_, contribution) in contributions.All())
        {
            BoardOf(contribution.BoardId).Set(contribution.ActivityId, contribution);
        }
    }

    public void Process(Record<string, BoardContribution> record)
    {
        var contribution = record.Value;
        var boardId = contribution.BoardId.Length > 0 ? contribution.BoardId : record.Key;
        var key = StoreKey(boardId, contribution.ActivityId);
        var exists = contributions.TryGet(key, out var stored);
        var board = BoardOf(boardId);
        if (contribution.Retracted)
        {
            if (!exists)
            {
                return;
            }
            contributions.Delete(key);
            board.Set(contribution.ActivityId, null);
        }
        else
        {
            var normalized = contribution.Clone();
            normalized.BoardId = boardId;
            if (exists && normalized.Equals(stored))
            {
                return;
            }
            contributions.Put(key, normalized);
            board.Set(normalized.ActivityId, normalized);
        }
        var leaderboard = board.Publish(options.TopEntries);
        if (board.IsEmpty)
        {
            boards.Remove(boardId);
        }
        if (published.TryGetValue(boardId, out var last) && last.Equals(leaderboard))
        {
            return;
        }
        published[boardId] = leaderboard;
        context.Forward(record.With(boardId, leaderboard), LeaderboardTopology.LeaderboardSink);
    }

    private BoardState BoardOf(string boardId)
    {
        if (!boards.TryGetValue(boardId, out var board))
        {
            board = new BoardState(boardId);
            boards[boardId] = board;
        }
        return board;
    }

    internal static string StoreKey(string boardId, string activityId) => $"{boardId}|{activityId}";
}
