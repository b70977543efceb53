namespace Splitstream.Store;

/// <summary>Uploads and laps (<see cref="IUploadStore"/>), in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IUploadStore
{
    public async Task<UploadClaimResult> ClaimUploadAsync(UploadRecord upload, CancellationToken cancellationToken = default)
    {
        // The partial unique indexes make the claim atomic: of two identical uploads at once, one inserts, one conflicts.
        var inserted = await ExecuteWriteAsync("""
            INSERT INTO uploads (upload_id, user_id, activity_id, external_id, started_at_ms, format, status, created_at_ms)
            VALUES (@id, @user, @activity, @external, @started, @format, 'accepted', @created)
            ON CONFLICT DO NOTHING
            """, cancellationToken, UploadParameters(upload));
        if (inserted == 1)
        {
            return new UploadClaimResult(false, upload.ActivityId);
        }
        string? existing;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = Command(connection, """
            SELECT activity_id FROM uploads
            WHERE user_id = @user AND status = 'accepted' AND ((external_id IS NOT NULL AND external_id = @external) OR started_at_ms = @started)
            ORDER BY created_at_ms LIMIT 1
            """, ("user", upload.UserId), ("external", upload.ExternalId), ("started", upload.StartedAtMs)))
        {
            existing = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (existing is null)
        {
            // The conflicting upload failed in between: its claim is released, so claim again.
            return await ClaimUploadAsync(upload, cancellationToken);
        }
        await ExecuteWriteAsync("""
            INSERT INTO uploads (upload_id, user_id, activity_id, external_id, started_at_ms, format, status, reason, created_at_ms)
            VALUES (@id, @user, @activity, @external, @started, @format, 'duplicate', @reason, @created)
            """, cancellationToken, [.. UploadParameters(upload with { ActivityId = existing }),
                ("reason", $"the same file was uploaded before as activity {existing}")]);
        return new UploadClaimResult(true, existing);
    }

    public async Task FailUploadAsync(string uploadId, string reason, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE uploads SET status = 'error', reason = @reason WHERE upload_id = @id",
            cancellationToken, ("id", uploadId), ("reason", reason));

    public async Task<UploadView?> GetUploadAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT u.upload_id, u.user_id, u.activity_id, u.external_id, u.format, u.status, u.reason, a.status, a.summary IS NOT NULL
            FROM uploads u LEFT JOIN activities a ON a.activity_id = u.activity_id
            WHERE u.upload_id = @id
            """, ("id", uploadId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new UploadView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
            !reader.IsDBNull(8) && reader.GetBoolean(8));
    }

    public async Task SaveLapsAsync(string activityId, IReadOnlyList<LapRecord> laps, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var delete = Command(connection, "DELETE FROM activity_laps WHERE activity_id = @a", ("a", activityId)))
        {
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var insert = Command(connection, """
            INSERT INTO activity_laps (activity_id, lap_index, start_ms, end_ms, elapsed_time_s, timer_time_s, distance_m, avg_heart_rate, max_heart_rate)
            VALUES (@a, @i, @s, @e, @elapsed, @timer, @d, @avg, @max)
            """);
        insert.Transaction = transaction;
        foreach (var lap in laps)
        {
            SetParameters(insert, ("a", activityId), ("i", lap.Index), ("s", lap.StartMs), ("e", lap.EndMs), ("elapsed", lap.ElapsedTimeS),
                ("timer", lap.TimerTimeS), ("d", lap.DistanceM), ("avg", lap.AvgHeartRate), ("max", lap.MaxHeartRate));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LapRecord>> GetLapsAsync(string activityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT lap_index, start_ms, end_ms, elapsed_time_s, timer_time_s, distance_m, avg_heart_rate, max_heart_rate
            FROM activity_laps WHERE activity_id = @a ORDER BY lap_index
            """, ("a", activityId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var laps = new List<LapRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            laps.Add(new LapRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), NullableDouble(reader, 3), NullableDouble(reader, 4),
                NullableDouble(reader, 5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7)));
        }
        return laps;
    }

    private static double? NullableDouble(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static (string, object?)[] UploadParameters(UploadRecord u) =>
    [
        ("id", u.UploadId), ("user", u.UserId), ("activity", u.ActivityId), ("external", u.ExternalId), ("started", u.StartedAtMs),
        ("format", u.Format), ("created", u.CreatedAtMs),
    ];
}
