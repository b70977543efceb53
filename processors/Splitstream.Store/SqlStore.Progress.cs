using System.Data.Common;
using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>The progress aggregates of <see cref="IProgressStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IProgressStore
{
    private static readonly string[] ProgressPeriodNames = [ProgressPeriods.Week, ProgressPeriods.Month];

    public async Task<IReadOnlyList<ProgressBucket>> GetProgressAsync(string userId, string period, string? sport, long fromMs, long toMs,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT period_key, start_ms, SUM(activities), SUM(distance_m), SUM(moving_time_s), SUM(elevation_gain_m), SUM(volume_kg)
            FROM progress_buckets
            WHERE user_id = @user AND period = @period AND start_ms >= @from AND start_ms < @to{(sport is null ? "" : " AND sport = @sport")}
            GROUP BY period_key, start_ms
            ORDER BY start_ms
            """, [("user", userId), ("period", period), ("from", fromMs), ("to", toMs), .. sport is null ? [] : new[] { ("sport", (object?)sport) }]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<ProgressBucket>();
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(new ProgressBucket(reader.GetString(0), reader.GetInt64(1), Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)));
        }
        return buckets;
    }

    /// <summary>
    /// Replaces an activity's contribution with its summary's and adds the buckets it touched (before and after: a
    /// changed start, sport or owner moves it) to <paramref name="touched"/>, inside the summary upsert's transaction;
    /// <see cref="RecomputeBucketsAsync"/> then recomputes each touched bucket once for the whole batch (a bucket is an
    /// aggregate over its contributions, so recomputing it per summary cost O(activities in the bucket) per summary).
    /// An unchanged contribution (most re-sent summaries) touches no bucket. A summary without a user or a start
    /// contributes nothing. <paramref name="contributions"/> holds the batch's activities' contributions as this
    /// transaction has left them (read once per batch by <see cref="ReadContributionsAsync"/>, kept current here), so a
    /// later summary of the same activity in the batch compares against the earlier one.
    /// </summary>
    private static async Task ReplaceProgressAsync(TransactionCommands statements, ActivitySummary s,
        Dictionary<string, Contribution?> contributions, HashSet<ProgressBucketKey> touched, CancellationToken cancellationToken)
    {
        var previous = contributions[s.ActivityId];
        Contribution? next = null;
        if (s.UserId.Length > 0 && s.StartedAtMs > 0)
        {
            var week = ProgressPeriods.Of(ProgressPeriods.Week, s.StartedAtMs);
            var month = ProgressPeriods.Of(ProgressPeriods.Month, s.StartedAtMs);
            next = new Contribution(s.UserId, s.Sport, week.Key, week.StartMs, month.Key, month.StartMs, s.DistanceM, s.MovingTimeS,
                s.ElevationGainM, s.VolumeKg);
        }
        if (previous == next)
        {
            return;
        }
        contributions[s.ActivityId] = next;
        await statements.ExecuteAsync("DELETE FROM progress_contributions WHERE activity_id = @id", cancellationToken, ("id", s.ActivityId));
        if (next is not null)
        {
            await statements.ExecuteAsync("""
                INSERT INTO progress_contributions (activity_id, user_id, sport, week_key, week_start_ms, month_key, month_start_ms,
                                                    distance_m, moving_time_s, elevation_gain_m, volume_kg)
                VALUES (@id, @user, @sport, @week, @week_start, @month, @month_start, @distance, @moving, @elevation, @volume)
                """, cancellationToken, ("id", s.ActivityId), ("user", next.UserId), ("sport", next.Sport), ("week", next.WeekKey), ("week_start", next.WeekStartMs),
                ("month", next.MonthKey), ("month_start", next.MonthStartMs), ("distance", next.DistanceM), ("moving", next.MovingTimeS),
                ("elevation", next.ElevationGainM), ("volume", next.VolumeKg));
        }
        foreach (var c in new[] { previous, next })
        {
            if (c is not null)
            {
                touched.Add(new ProgressBucketKey(c.UserId, c.Sport, ProgressPeriods.Week, c.WeekKey, c.WeekStartMs));
                touched.Add(new ProgressBucketKey(c.UserId, c.Sport, ProgressPeriods.Month, c.MonthKey, c.MonthStartMs));
            }
        }
    }

    /// <summary>Recomputes each bucket from its contributions, once per batch of summaries.</summary>
    private static async Task RecomputeBucketsAsync(TransactionCommands statements, HashSet<ProgressBucketKey> touched,
        CancellationToken cancellationToken)
    {
        // In one order for every writer (see WriteActivityRecordsAsync): concurrent batches then queue on a shared bucket
        // instead of deadlocking on two.
        foreach (var bucket in touched.OrderBy(b => b.User, StringComparer.Ordinal).ThenBy(b => b.Sport, StringComparer.Ordinal)
                     .ThenBy(b => b.Period, StringComparer.Ordinal).ThenBy(b => b.Key, StringComparer.Ordinal))
        {
            await RecomputeBucketAsync(statements, bucket, cancellationToken);
        }
    }

    private static async Task RecomputeBucketAsync(TransactionCommands statements, ProgressBucketKey bucket,
        CancellationToken cancellationToken)
    {
        await statements.ExecuteAsync(
            "DELETE FROM progress_buckets WHERE user_id = @user AND period = @period AND start_ms = @start AND sport = @sport",
            cancellationToken, ("user", bucket.User), ("period", bucket.Period), ("start", bucket.StartMs), ("sport", bucket.Sport));
        // The key column is chosen from a fixed pair, never from input.
        var keyColumn = bucket.Period == ProgressPeriodNames[0] ? "week_key" : "month_key";
        await statements.ExecuteAsync($"""
            INSERT INTO progress_buckets (user_id, period, start_ms, sport, period_key, activities, distance_m, moving_time_s, elevation_gain_m, volume_kg)
            SELECT user_id, @period, @start, sport, @key, COUNT(*), SUM(distance_m), SUM(moving_time_s), SUM(elevation_gain_m), SUM(volume_kg)
            FROM progress_contributions
            WHERE user_id = @user AND sport = @sport AND {keyColumn} = @key
            GROUP BY user_id, sport
            """, cancellationToken, ("user", bucket.User), ("period", bucket.Period), ("start", bucket.StartMs), ("sport", bucket.Sport), ("key", bucket.Key));
    }

    /// <summary>
    /// The stored contribution (or none) of every activity of the batch, in a few reads rather than one per summary
    /// (on PostgreSQL each read is a round trip, and it would have to flush the queued writes before it).
    /// </summary>
    private static async Task<Dictionary<string, Contribution?>> ReadContributionsAsync(TransactionCommands statements,
        IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken)
    {
        var contributions = new Dictionary<string, Contribution?>(StringComparer.Ordinal);
        foreach (var s in summaries)
        {
            contributions.TryAdd(s.ActivityId, null);
        }
        await ReadByActivityAsync(statements, contributions.Keys.ToList(), """
            SELECT activity_id, user_id, sport, week_key, week_start_ms, month_key, month_start_ms, distance_m, moving_time_s, elevation_gain_m, volume_kg
            FROM progress_contributions WHERE activity_id IN ({ids})
            """, reader => contributions[reader.GetString(0)] = new Contribution(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9),
                reader.GetDouble(10)), cancellationToken);
        return contributions;
    }

    private sealed record Contribution(string UserId, string Sport, string WeekKey, long WeekStartMs, string MonthKey, long MonthStartMs,
        double DistanceM, double MovingTimeS, double ElevationGainM, double VolumeKg);
}
