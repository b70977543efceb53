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

    /// <summary>Index of the store by board (derived, rebuilt from the store on every start or restore).</summary>
    private readonly Dictionary<string, SortedDictionary<string, BoardContribution>> boards = [];

    /// <summary>What was published last per board, so a change that doesn't move the published ranking is not re-sent.</summary>
    private readonly Dictionary<string, Leaderboard> published = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        contributions = context.GetStateStore<IKeyValueStore<string, BoardContribution>>(LeaderboardTopology.ContributionStore);
        foreach (var (_, contribution) in contributions.All())
        {
            BoardOf(contribution.BoardId)[contribution.ActivityId] = contribution;
        }
    }

    public void Process(Record<string, BoardContribution> record)
    {
        var contribution = record.Value;
        var boardId = contribution.BoardId.Length > 0 ? contribution.BoardId : record.Key;
        var key = StoreKey(boardId, contribution.ActivityId);
        var exists = contributions.TryGet(key, out var stored);
        if (contribution.Retracted)
        {
            if (!exists)
            {
                return;
            }
            contributions.Delete(key);
            var board = BoardOf(boardId);
            board.Remove(contribution.ActivityId);
            if (board.Count == 0)
            {
                boards.Remove(boardId);
            }
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
            BoardOf(boardId)[normalized.ActivityId] = normalized;
        }
        var leaderboard = Rank(boardId, boards.GetValueOrDefault(boardId), options.TopEntries);
        if (published.TryGetValue(boardId, out var last) && last.Equals(leaderboard))
        {
            return;
        }
        published[boardId] = leaderboard;
        context.Forward(record.With(boardId, leaderboard), LeaderboardTopology.LeaderboardSink);
    }

    /// <summary>The published view of one board: a pure function of its contributions.</summary>
    internal static Leaderboard Rank(string boardId, IReadOnlyDictionary<string, BoardContribution>? activities, int top)
    {
        var (sport, scope, week) = BoardIds.Parse(boardId);
        var board = new Leaderboard { BoardId = boardId, Sport = sport, Scope = scope, Week = week };
        if (activities is null)
        {
            return board;
        }
        var totals = new Dictionary<string, (double Distance, int Activities, long ReachedAt)>(StringComparer.Ordinal);
        long updated = 0;
        // SortedDictionary: activity id order, so every replica adds the same doubles in the same order.
        foreach (var (_, c) in activities)
        {
            var t = totals.GetValueOrDefault(c.UserId);
            totals[c.UserId] = (t.Distance + c.DistanceM, t.Activities + 1, Math.Max(t.ReachedAt, c.ReachedAtMs));
            updated = Math.Max(updated, c.ReachedAtMs);
        }
        var rank = 0;
        foreach (var (user, total) in totals
            .Where(t => t.Value.Distance > 0)
            .OrderByDescending(t => t.Value.Distance)
            .ThenBy(t => t.Value.ReachedAt)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(top))
        {
            board.Entries.Add(new LeaderboardEntry { Rank = ++rank, UserId = user, DistanceM = total.Distance, Activities = total.Activities });
        }
        board.UpdatedAtMs = updated;
        return board;
    }

    private SortedDictionary<string, BoardContribution> BoardOf(string boardId)
    {
        if (!boards.TryGetValue(boardId, out var board))
        {
            board = new SortedDictionary<string, BoardContribution>(StringComparer.Ordinal);
            boards[boardId] = board;
        }
        return board;
    }

    internal static string StoreKey(string boardId, string activityId) => $"{boardId}|{activityId}";
}
