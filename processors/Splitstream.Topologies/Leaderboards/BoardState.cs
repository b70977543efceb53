using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// The derived view of one board, rebuilt from the contribution store after a restore and kept up to date per change:
/// contributions per user, each user's total, the users in board order, and the reaching times (for
/// <c>updated_at_ms</c>). A change costs O(log users + the user's activities) and publishing the top N costs O(N), so a
/// board of thousands of athletes doesn't re-sort on every summary.
/// </summary>
internal sealed class BoardState(string boardId)
{
    private readonly Dictionary<string, SortedDictionary<string, BoardContribution>> byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RankedUser> totals = new(StringComparer.Ordinal);
    private readonly SortedSet<RankedUser> ranking = new(RankedUser.BoardOrder);
    private readonly SortedDictionary<long, int> reachingTimes = [];
    private readonly Dictionary<string, BoardContribution> activities = new(StringComparer.Ordinal);

    public bool IsEmpty => activities.Count == 0;

    /// <summary>The activity's contribution to this board, if it has one.</summary>
    public BoardContribution? ContributionOf(string activityId) => activities.GetValueOrDefault(activityId);

    /// <summary>Sets (or, with null, removes) one activity's contribution and re-totals its user.</summary>
    public void Set(string activityId, BoardContribution? contribution)
    {
        if (activities.Remove(activityId, out var old))
        {
            Forget(old.ReachedAtMs);
            var mine = byUser[old.UserId];
            mine.Remove(activityId);
            Retotal(old.UserId, mine);
        }
        if (contribution is not null)
        {
            activities[activityId] = contribution;
            reachingTimes[contribution.ReachedAtMs] = reachingTimes.GetValueOrDefault(contribution.ReachedAtMs) + 1;
            if (!byUser.TryGetValue(contribution.UserId, out var mine))
            {
                mine = new SortedDictionary<string, BoardContribution>(StringComparer.Ordinal);
                byUser[contribution.UserId] = mine;
            }
            mine[activityId] = contribution;
            Retotal(contribution.UserId, mine);
        }
    }

    /// <summary>The published view: the top <paramref name="top"/> users with a distance above 0, ranked 1..n.</summary>
    public Leaderboard Publish(int top)
    {
        var (sport, scope, week) = BoardIds.Parse(boardId);
        var board = new Leaderboard
        {
            BoardId = boardId, Sport = sport, Scope = scope, Week = week, UpdatedAtMs = reachingTimes.Count > 0 ? reachingTimes.Keys.Last() : 0,
        };
        var rank = 0;
        foreach (var user in ranking.Take(top))
        {
            board.Entries.Add(new LeaderboardEntry { Rank = ++rank, UserId = user.UserId, DistanceM = user.DistanceM, Activities = user.Activities });
        }
        return board;
    }

    /// <summary>Sums a user's activities in activity id order, so the same contributions always give the same bits.</summary>
    private void Retotal(string userId, SortedDictionary<string, BoardContribution> mine)
    {
        if (totals.Remove(userId, out var previous))
        {
            ranking.Remove(previous);
        }
        if (mine.Count == 0)
        {
            byUser.Remove(userId);
            return;
        }
        double distance = 0;
        long reachedAt = 0;
        foreach (var (_, c) in mine)
        {
            distance += c.DistanceM;
            reachedAt = Math.Max(reachedAt, c.ReachedAtMs);
        }
        var total = new RankedUser(userId, distance, mine.Count, reachedAt);
        totals[userId] = total;
        if (distance > 0)
        {
            ranking.Add(total);
        }
    }

    private void Forget(long reachedAt)
    {
        var left = reachingTimes[reachedAt] - 1;
        if (left == 0)
        {
            reachingTimes.Remove(reachedAt);
        }
        else
        {
            reachingTimes[reachedAt] = left;
        }
    }
}
