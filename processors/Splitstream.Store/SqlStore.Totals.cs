using System.Data.Common;

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
        // The rollup activity_totals (migration 13) holds whole months: it answers every month that starts at or after
        // a range's start. The part of a range before its first month boundary (this week's days, when the week began
        // in an earlier month than the next boundary) comes from the user's activities in that span, a few rows read
        // through activities_by_user. The year starts on a month boundary, so its part is empty.
        var week = new TotalsRange(weekStartMs, MonthStartAtOrAfter(weekStartMs));
        var year = new TotalsRange(yearStartMs, MonthStartAtOrAfter(yearStartMs));
        TotalsRange[] partial = [.. new[] { week, year }.Where(r => !r.IsEmpty)];
        // One statement, so both parts read the same snapshot: the rollup's sums per sport (part 0), then the partial
        // days' activities one row each (part 1: start, distance, moving time), rounded here as the triggers round.
        var partialRows = partial.Length == 0 ? "" : $"""
            UNION ALL
            SELECT 1, a.sport, a.started_at_ms, a.distance_m, a.moving_time_s, 0, 0, 0, 0, 0, 0
            FROM activities a {Visibility(publicOnly)} AND a.started_at_ms >= @from AND a.started_at_ms < @to
            """;
        var totals = new SortedDictionary<string, TotalsAccumulator>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT 0, t.sport,
                   SUM(CASE WHEN t.month_start_ms >= @week_month THEN t.activities ELSE 0 END),
                   SUM(CASE WHEN t.month_start_ms >= @week_month THEN t.distance_mm ELSE 0 END),
                   SUM(CASE WHEN t.month_start_ms >= @week_month THEN t.moving_time_ms ELSE 0 END),
                   SUM(CASE WHEN t.month_start_ms >= @year_month THEN t.activities ELSE 0 END),
                   SUM(CASE WHEN t.month_start_ms >= @year_month THEN t.distance_mm ELSE 0 END),
                   SUM(CASE WHEN t.month_start_ms >= @year_month THEN t.moving_time_ms ELSE 0 END),
                   SUM(t.activities), SUM(t.distance_mm), SUM(t.moving_time_ms)
            FROM activity_totals t {RollupVisibility(publicOnly)}
            GROUP BY t.sport
            {partialRows}
            """, [("user", userId), ("week_month", week.FirstMonthMs), ("year_month", year.FirstMonthMs),
            .. partial.Length == 0 ? [] : new (string, object?)[] { ("from", partial.Min(r => r.StartMs)), ("to", partial.Max(r => r.FirstMonthMs)) }]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(1);
            if (!totals.TryGetValue(name, out var sport))
            {
                totals[name] = sport = new TotalsAccumulator();
            }
            if (Int64(reader, 0) == 0)
            {
                sport.Week.Add(Int64(reader, 2), Int64(reader, 3), Int64(reader, 4));
                sport.Year.Add(Int64(reader, 5), Int64(reader, 6), Int64(reader, 7));
                sport.All.Add(Int64(reader, 8), Int64(reader, 9), Int64(reader, 10));
                continue;
            }
            var started = Int64(reader, 2);
            var (distanceMm, movingMs) = (Thousandths(Double(reader, 3)), Thousandths(Double(reader, 4)));
            if (week.HoldsBeforeFirstMonth(started))
            {
                sport.Week.Add(1, distanceMm, movingMs);
            }
            if (year.HoldsBeforeFirstMonth(started))
            {
                sport.Year.Add(1, distanceMm, movingMs);
            }
        }
        return [.. totals.Where(t => t.Value.All.Activities > 0).Select(t => t.Value.ToRecord(t.Key))];
    }

    /// <summary>
    /// The rollup's thousandths (mm, ms) of a non-negative figure, rounded half up as the migrations' triggers do
    /// (CAST / trunc of x·1000 + 0.5 in IEEE doubles, the same operations here).
    /// </summary>
    private static long Thousandths(double value) => (long)(value * 1000 + 0.5);

    /// <summary>The first UTC month start at or after <paramref name="ms"/> (itself when it is one).</summary>
    private static long MonthStartAtOrAfter(long ms)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        var month = new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (month == at ? month : month.AddMonths(1)).ToUnixTimeMilliseconds();
    }

    // The union's columns take the type both parts fit (PostgreSQL: numeric or double precision; SQLite: each value its
    // own), so they are converted rather than read as one type.
    private static long Int64(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static double Double(DbDataReader reader, int ordinal) =>
        Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>
    /// The same rule over the rollup's visibility: 1 public, 0 private, -1 the user's default (the activity had no flag).
    /// </summary>
    private static string RollupVisibility(bool publicOnly) => publicOnly
        ? "LEFT JOIN users u ON u.user_id = t.user_id WHERE t.user_id = @user AND (t.visibility = 1 OR t.visibility = -1 AND COALESCE(u.public_activities, FALSE) = TRUE)"
        : "WHERE t.user_id = @user";

    /// <summary>The activity list's visibility rule (the activity's flag, else the user's default) as a WHERE clause.</summary>
    private static string Visibility(bool publicOnly) => publicOnly
        ? "LEFT JOIN users u ON u.user_id = a.user_id WHERE a.user_id = @user AND COALESCE(a.is_public, u.public_activities, FALSE) = TRUE"
        : "WHERE a.user_id = @user";
}
