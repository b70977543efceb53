using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>Boards from leaderboards.v1: a header row per board and its ranked entries, replaced whole on each version.</summary>
public abstract partial class SqlStore
{
    public async Task ReplaceLeaderboardsAsync(IReadOnlyList<Leaderboard> boards, CancellationToken cancellationToken = default)
    {
        if (boards.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var header = Command(connection, """
            INSERT INTO leaderboards (board_id, sport, scope, week, updated_at_ms, entries)
            VALUES (@board, @sport, @scope, @week, @updated, @entries)
            ON CONFLICT (board_id) DO UPDATE SET sport = excluded.sport, scope = excluded.scope, week = excluded.week,
                updated_at_ms = excluded.updated_at_ms, entries = excluded.entries
            """);
        await using var clear = Command(connection, "DELETE FROM leaderboard_entries WHERE board_id = @board");
        await using var entry = Command(connection, """
            INSERT INTO leaderboard_entries (board_id, rank, user_id, distance_m, activities)
            VALUES (@board, @rank, @user, @distance, @activities)
            """);
        header.Transaction = clear.Transaction = entry.Transaction = transaction;
        foreach (var board in boards)
        {
            SetParameters(header, ("board", board.BoardId), ("sport", board.Sport), ("scope", board.Scope), ("week", board.Week),
                ("updated", board.UpdatedAtMs), ("entries", board.Entries.Count));
            await header.ExecuteNonQueryAsync(cancellationToken);
            SetParameters(clear, ("board", board.BoardId));
            await clear.ExecuteNonQueryAsync(cancellationToken);
            foreach (var e in board.Entries)
            {
                SetParameters(entry, ("board", board.BoardId), ("rank", e.Rank), ("user", e.UserId), ("distance", e.DistanceM), ("activities", e.Activities));
                await entry.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<LeaderboardView?> GetLeaderboardAsync(string boardId, string viewerId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        string sport, scope, week;
        long updated;
        int total;
        await using (var header = Command(connection,
            "SELECT sport, scope, week, updated_at_ms, entries FROM leaderboards WHERE board_id = @board", ("board", boardId)))
        await using (var reader = await header.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (sport, scope, week, updated, total) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4));
        }
        await using var command = Command(connection, """
            SELECT e.rank, e.user_id, COALESCE(u.display_name, ''), e.distance_m, e.activities,
                   e.user_id = @viewer
                   OR (COALESCE(u.visibility, 'friends') <> 'private' AND (f.user_id IS NOT NULL OR COALESCE(u.public_activities, FALSE)))
            FROM leaderboard_entries e
            LEFT JOIN users u ON u.user_id = e.user_id
            LEFT JOIN friendships f ON f.user_id = @viewer AND f.friend_id = e.user_id
            WHERE e.board_id = @board ORDER BY e.rank LIMIT @limit
            """, ("board", boardId), ("viewer", viewerId), ("limit", limit));
        var rows = new List<LeaderboardRow>();
        await using var entries = await command.ExecuteReaderAsync(cancellationToken);
        while (await entries.ReadAsync(cancellationToken))
        {
            rows.Add(new LeaderboardRow(entries.GetInt32(0), entries.GetString(1), entries.GetString(2), entries.GetDouble(3), entries.GetInt32(4),
                entries.GetBoolean(5)));
        }
        return new LeaderboardView(boardId, sport, scope, week, updated, total, rows);
    }
}
