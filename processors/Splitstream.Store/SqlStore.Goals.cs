using System.Data.Common;
using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>Goals (one row per user and goal id), the per-user goal revision, and goal progress from goal.progress.v1.</summary>
public abstract partial class SqlStore
{
    private const string GoalColumns = "sport, period, target_distance_m, kind, target_count, created_at_ms, target_duration_s, target_volume_kg";

    public async Task<GoalSet> SaveGoalAsync(Goal goal, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var upsert = Command(connection, """
            INSERT INTO goals (user_id, goal_id, sport, kind, period, target_distance_m, target_count, created_at_ms, target_duration_s, target_volume_kg)
            VALUES (@user, @goal, @sport, @kind, @period, @distance, @count, @created, @duration, @volume)
            ON CONFLICT (user_id, goal_id) DO UPDATE SET
                target_distance_m = excluded.target_distance_m, target_count = excluded.target_count,
                target_duration_s = excluded.target_duration_s, target_volume_kg = excluded.target_volume_kg
            """, ("user", goal.UserId), ("goal", goal.GoalId), ("sport", goal.Sport), ("kind", goal.Kind), ("period", goal.Period),
            ("distance", goal.TargetDistanceM), ("count", goal.TargetCount), ("created", goal.CreatedAtMs), ("duration", goal.TargetDurationS),
            ("volume", goal.TargetVolumeKg)))
        {
            upsert.Transaction = transaction;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        var set = await BumpAndReadAsync(connection, transaction, goal.UserId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return set;
    }

    public async Task<GoalSet?> DeleteGoalAsync(string userId, string goalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var delete = Command(connection, "DELETE FROM goals WHERE user_id = @user AND goal_id = @goal", ("user", userId), ("goal", goalId)))
        {
            delete.Transaction = transaction;
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }
        var set = await BumpAndReadAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return set;
    }

    public async Task<GoalSet> GetGoalSetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadGoalSetAsync(connection, null, userId, cancellationToken);
    }

    public async Task UpsertGoalProgressAsync(IReadOnlyList<GoalProgress> progress, CancellationToken cancellationToken = default)
    {
        if (progress.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO goal_progress (user_id, goal_id, period_key, value, target, activities, achieved_at_ms, updated_at_ms)
            VALUES (@user, @goal, @period, @value, @target, @activities, @achieved, @updated)
            ON CONFLICT (user_id, goal_id, period_key) DO UPDATE SET
                value = excluded.value, target = excluded.target, activities = excluded.activities,
                achieved_at_ms = excluded.achieved_at_ms, updated_at_ms = excluded.updated_at_ms
            """);
        command.Transaction = transaction;
        foreach (var p in progress)
        {
            SetParameters(command, ("user", p.UserId), ("goal", p.GoalId), ("period", p.PeriodKey), ("value", p.Value), ("target", p.Target),
                ("activities", p.Activities), ("achieved", p.Achieved ? p.AchievedAtMs : null), ("updated", p.UpdatedAtMs));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GoalProgress>> GetGoalProgressAsync(string userId, IReadOnlyCollection<string> periodKeys,
        CancellationToken cancellationToken = default)
    {
        if (periodKeys.Count == 0)
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        var names = periodKeys.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await using var command = Command(connection, $"""
            SELECT goal_id, period_key, value, target, activities, achieved_at_ms, updated_at_ms FROM goal_progress
            WHERE user_id = @user AND period_key IN ({string.Join(", ", names)}) ORDER BY goal_id, period_key
            """, [("user", userId), .. periodKeys.Select((k, i) => (names[i][1..], (object?)k))]);
        var rows = new List<GoalProgress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new GoalProgress
            {
                UserId = userId, GoalId = reader.GetString(0), PeriodKey = reader.GetString(1), Value = reader.GetDouble(2),
                Target = reader.GetDouble(3), Activities = reader.GetInt32(4), Achieved = !reader.IsDBNull(5),
                AchievedAtMs = reader.IsDBNull(5) ? 0 : reader.GetInt64(5), UpdatedAtMs = reader.GetInt64(6),
            });
        }
        return rows;
    }

    private static async Task<GoalSet> BumpAndReadAsync(DbConnection connection, DbTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await using (var bump = Command(connection, """
            INSERT INTO goal_revisions (user_id, revision) VALUES (@user, 1)
            ON CONFLICT (user_id) DO UPDATE SET revision = goal_revisions.revision + 1
            """, ("user", userId)))
        {
            bump.Transaction = transaction;
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        return await ReadGoalSetAsync(connection, transaction, userId, cancellationToken);
    }

    private static async Task<GoalSet> ReadGoalSetAsync(DbConnection connection, DbTransaction? transaction, string userId, CancellationToken cancellationToken)
    {
        long revision = 0;
        await using (var read = Command(connection, "SELECT revision FROM goal_revisions WHERE user_id = @user", ("user", userId)))
        {
            read.Transaction = transaction;
            if (await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull)
            {
                revision = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        await using var command = Command(connection,
            $"SELECT {GoalColumns} FROM goals WHERE user_id = @user ORDER BY sport, period, kind", ("user", userId));
        command.Transaction = transaction;
        var goals = new List<Goal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            goals.Add(new Goal(userId, reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt64(5),
                reader.GetDouble(6), reader.GetDouble(7)));
        }
        return new GoalSet(userId, revision, goals);
    }
}
