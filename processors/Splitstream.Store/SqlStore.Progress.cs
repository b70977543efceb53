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
    /// contributes nothing.
    /// </summary>
    private static async Task ReplaceProgressAsync(TransactionCommands statements, ActivitySummary s,
        HashSet<ProgressBucketKey> touched, CancellationToken cancellationToken)
    {
        var previous = await ReadContributionAsync(statements, s.ActivityId, cancellationToken);
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
        await statements.For("DELETE FROM progress_contributions WHERE activity_id = @id", ("id", s.ActivityId))
            .ExecuteNonQueryAsync(cancellationToken);
        if (next is not null)
        {
            await statements.For("""
                INSERT INTO progress_contributions (activity_id, user_id, sport, week_key, week_start_ms, month_key, month_start_ms,
                                                    distance_m, moving_time_s, elevation_gain_m, volume_kg)
                VALUES (@id, @user, @sport, @week, @week_start, @month, @month_start, @distance, @moving, @elevation, @volume)
                """, ("id", s.ActivityId), ("user", next.UserId), ("sport", next.Sport), ("week", next.WeekKey), ("week_start", next.WeekStartMs),
                ("month", next.MonthKey), ("month_start", next.MonthStartMs), ("distance", next.DistanceM), ("moving", next.MovingTimeS),
                ("elevation", next.ElevationGainM), ("volume", next.VolumeKg))
                .ExecuteNonQueryAsync(cancellationToken);
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
        foreach (var bucket in touched)
        {
            await RecomputeBucketAsync(statements, bucket, cancellationToken);
        }
    }

    private static async Task RecomputeBucketAsync(TransactionCommands statements, ProgressBucketKey bucket,
        CancellationToken cancellationToken)
    {
        await statements.For(
            "DELETE FROM progress_buckets WHERE user_id = @user AND period = @period AND start_ms = @start AND sport = @sport",
            ("user", bucket.User), ("period", bucket.Period), ("start", bucket.StartMs), ("sport", bucket.Sport))
            .ExecuteNonQueryAsync(cancellationToken);
        // The key column is chosen from a fixed pair, never from input.
        var keyColumn = bucket.Period == ProgressPeriodNames[0] ? "week_key" : "month_key";
        await statements.For($"""
            INSERT INTO progress_buckets (user_id, period, start_ms, sport, period_key, activities, distance_m, moving_time_s, elevation_gain_m, volume_kg)
            SELECT user_id, @period, @start, sport, @key, COUNT(*), SUM(distance_m), SUM(moving_time_s), SUM(elevation_gain_m), SUM(volume_kg)
            FROM progress_contributions
            WHERE user_id = @user AND sport = @sport AND {keyColumn} = @key
            GROUP BY user_id, sport
            """, ("user", bucket.User), ("period", bucket.Period), ("start", bucket.StartMs), ("sport", bucket.Sport), ("key", bucket.Key))
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Contribution?> ReadContributionAsync(TransactionCommands statements, string activityId,
        CancellationToken cancellationToken)
    {
        var read = statements.For("""
            SELECT user_id, sport, week_key, week_start_ms, month_key, month_start_ms, distance_m, moving_time_s, elevation_gain_m, volume_kg
            FROM progress_contributions WHERE activity_id = @id
            """, ("id", activityId));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Contribution(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt64(5),
                reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9))
            : null;
    }

    private sealed record Contribution(string UserId, string Sport, string WeekKey, long WeekStartMs, string MonthKey, long MonthStartMs,
        double DistanceM, double MovingTimeS, double ElevationGainM, double VolumeKg);
}
