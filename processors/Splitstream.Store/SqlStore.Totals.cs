namespace Splitstream.Store;

/// <summary>The aggregates of <see cref="IActivityTotalsStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IActivityTotalsStore
{
    private const long DayMs = 86_400_000;

    public async Task<IReadOnlyList<SportTotalsRecord>> GetTotalsAsync(string userId, bool publicOnly, long weekStartMs, long yearStartMs,
        CancellationToken cancellationToken = default)
    {
        // One pass over the user's rows (index on user_id, started_at_ms): the three ranges as conditional sums.
        var sql = $"""
            SELECT a.sport,
                   SUM(CASE WHEN a.started_at_ms >= @week THEN 1 ELSE 0 END),
                   SUM(CASE WHEN a.started_at_ms >= @week THEN a.distance_m ELSE 0 END),
                   SUM(CASE WHEN a.started_at_ms >= @week THEN a.moving_time_s ELSE 0 END),
                   SUM(CASE WHEN a.started_at_ms >= @year THEN 1 ELSE 0 END),
                   SUM(CASE WHEN a.started_at_ms >= @year THEN a.distance_m ELSE 0 END),
                   SUM(CASE WHEN a.started_at_ms >= @year THEN a.moving_time_s ELSE 0 END),
                   COUNT(*), SUM(a.distance_m), SUM(a.moving_time_s)
            FROM activities a {Visibility(publicOnly)}
            GROUP BY a.sport
            ORDER BY a.sport
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, ("user", userId), ("week", weekStartMs), ("year", yearStartMs));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<SportTotalsRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            totals.Add(new SportTotalsRecord(reader.GetString(0),
                Convert.ToInt32(reader.GetValue(1)), reader.GetDouble(2), reader.GetDouble(3),
                Convert.ToInt32(reader.GetValue(4)), reader.GetDouble(5), reader.GetDouble(6),
                Convert.ToInt32(reader.GetValue(7)), reader.GetDouble(8), reader.GetDouble(9)));
        }
        return totals;
    }

    public async Task<IReadOnlyList<long>> GetActiveDaysAsync(string userId, bool publicOnly, long beforeDay, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var sql = $"""
            SELECT DISTINCT a.started_at_ms / {DayMs} AS day
            FROM activities a {Visibility(publicOnly)} AND a.started_at_ms >= 0 AND a.started_at_ms < @before
            ORDER BY day DESC
            LIMIT @limit
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, ("user", userId), ("before", beforeDay * DayMs), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(Convert.ToInt64(reader.GetValue(0)));
        }
        return days;
    }

    /// <summary>The activity list's visibility rule (the activity's flag, else the user's default) as a WHERE clause.</summary>
    private static string Visibility(bool publicOnly) => publicOnly
        ? "LEFT JOIN users u ON u.user_id = a.user_id WHERE a.user_id = @user AND COALESCE(a.is_public, u.public_activities, FALSE) = TRUE"
        : "WHERE a.user_id = @user";
}
