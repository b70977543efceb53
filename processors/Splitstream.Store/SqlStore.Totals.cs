namespace Splitstream.Store;

/// <summary>The aggregates of <see cref="IActivityTotalsStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IActivityTotalsStore
{
    private const long DayMs = 86_400_000;

    /// <summary>Rows per chunk of <see cref="GetActiveDaysAsync"/>, per day asked for: most athletes start fewer activities a day.</summary>
    private const int ActiveDayChunkRowsPerDay = 4;

    public async Task<IReadOnlyList<SportTotalsRecord>> GetTotalsAsync(string userId, bool publicOnly, long weekStartMs, long yearStartMs,
        CancellationToken cancellationToken = default)
    {
        // One pass over the user's rows: the three ranges as conditional sums. For a viewer who sees everything the
        // covering index activities_totals_by_user (user_id, sport, started_at_ms DESC, distance_m, moving_time_s)
        // answers it alone, in GROUP BY order.
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
        // Start times newest first, straight from activities_by_user (covering for a viewer who sees everything), in
        // chunks of rows, until `limit` distinct days have come. In this order equal days are adjacent, so distinct is
        // "differs from the previous one"; the next chunk starts below the last start time read, and rows it skips that
        // share that start time share its day too. SELECT DISTINCT day … ORDER BY day DESC LIMIT n gave the same days but
        // grouped and sorted every earlier activity of the user on each page of the streak.
        var sql = $"""
            SELECT a.started_at_ms
            FROM activities a {Visibility(publicOnly)} AND a.started_at_ms >= 0 AND a.started_at_ms < @before
            ORDER BY a.started_at_ms DESC
            LIMIT @rows
            """;
        var rows = (int)Math.Min((long)limit * ActiveDayChunkRowsPerDay, int.MaxValue);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, ("user", userId), ("before", beforeDay * DayMs), ("rows", rows));
        var days = new List<long>();
        while (true)
        {
            var read = 0;
            var last = 0L;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (days.Count < limit && await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    last = reader.GetInt64(0);
                    if (days.Count == 0 || days[^1] != last / DayMs)
                    {
                        days.Add(last / DayMs);
                    }
                }
            }
            if (days.Count == limit || read < rows)
            {
                return days;
            }
            SetParameters(command, ("before", last));
        }
    }

    /// <summary>The activity list's visibility rule (the activity's flag, else the user's default) as a WHERE clause.</summary>
    private static string Visibility(bool publicOnly) => publicOnly
        ? "LEFT JOIN users u ON u.user_id = a.user_id WHERE a.user_id = @user AND COALESCE(a.is_public, u.public_activities, FALSE) = TRUE"
        : "WHERE a.user_id = @user";
}
