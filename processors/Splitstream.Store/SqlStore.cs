using System.Data.Common;
using Google.Protobuf;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Store;

/// <summary>
/// What SQLite and PostgreSQL share: the keyed upserts and reads, written in the SQL both dialects accept
/// (ON CONFLICT … DO UPDATE, row-value comparison, @named parameters). The subclasses own connections, migrations
/// and the point-series bulk path, where the two differ most.
/// </summary>
public abstract partial class SqlStore : ISplitstreamStore, IRaceDirectory, IPointStreams
{
    private const string ActivityColumns = """
        a.activity_id, a.user_id, a.sport, a.status, a.started_at_ms, a.race_id, a.country, a.is_public,
        COALESCE(u.public_activities, FALSE), a.distance_m, a.moving_time_s, a.elapsed_time_s, a.summary, a.etag
        """;

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A connection to where the point series are: the same database by default; the embedded store keeps them in a file of their own.</summary>
    protected virtual ValueTask<DbConnection> OpenPointsAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>
    /// Whether a write transaction queues the statements whose results it does not read and sends them a few hundred
    /// per round trip (<see cref="TransactionCommands"/>): worth it over a network (PostgreSQL), not in process (SQLite,
    /// where a command compiled once per transaction is what saves).
    /// </summary>
    protected virtual bool BatchesStatements => false;

    /// <summary>Begins a write transaction; SQLite takes its write lock up front so concurrent writers queue instead of failing.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="throughVersion"/>: tests build an older schema with it and then migrate data forward.</summary>
    internal abstract Task MigrateAsync(int throughVersion, CancellationToken cancellationToken);

    public abstract Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default);

    public abstract Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default);

    /// <summary>One after the other by default; the embedded store writes both in one transaction.</summary>
    public virtual async Task WritePointsAsync(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate,
        CancellationToken cancellationToken = default)
    {
        await WriteGpsAsync(gps, cancellationToken);
        await WriteHeartRateAsync(heartRate, cancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await TableExistsAsync(connection, "schema_migrations", cancellationToken))
        {
            return 0;
        }
        await using var command = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected abstract Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<GpsPoint>> GetGpsAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default)
    {
        var points = new List<GpsPoint>();
        await foreach (var point in StreamGpsAsync(activityId, fromMs, toMs, cancellationToken))
        {
            points.Add(point);
        }
        return points;
    }

    public async Task<IReadOnlyList<HeartRatePoint>> GetHeartRateAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default)
    {
        var points = new List<HeartRatePoint>();
        await foreach (var point in StreamHeartRateAsync(activityId, fromMs, toMs, cancellationToken))
        {
            points.Add(point);
        }
        return points;
    }

    public async IAsyncEnumerable<GpsPoint> StreamGpsAsync(
        string activityId, long? fromMs = null, long? toMs = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenPointsAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT time_ms, lat, lon, ele, acc FROM gps_points WHERE activity_id = @a" + TimeRange(fromMs, toMs) + " ORDER BY time_ms",
            ("a", activityId));
        AddTimeRange(command, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new GpsPoint(activityId, reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
        }
    }

    public async IAsyncEnumerable<HeartRatePoint> StreamHeartRateAsync(
        string activityId, long? fromMs = null, long? toMs = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenPointsAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT time_ms, bpm FROM hr_points WHERE activity_id = @a" + TimeRange(fromMs, toMs) + " ORDER BY time_ms",
            ("a", activityId));
        AddTimeRange(command, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new HeartRatePoint(activityId, reader.GetInt64(0), reader.GetInt32(1));
        }
    }

    public Task UpsertSummariesAsync(IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken = default) =>
        WriteActivityRecordsAsync([], summaries, [], cancellationToken);

    public Task UpsertWindowsAsync(IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default) =>
        WriteActivityRecordsAsync([], [], windows, cancellationToken);

    public Task ApplyActivityEventsAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default) =>
        WriteActivityRecordsAsync(events, [], [], cancellationToken);

    /// <summary>
    /// Statement locking the stats rollup rows of the users in <c>@users</c>, in the rollup's key order, before a batch
    /// writes anything; null where one writer at a time is all there is (SQLite's write gate).
    /// </summary>
    protected virtual string? LockRollupRowsSql => null;

    private bool rollupExists;

    /// <summary>
    /// One write transaction with each statement prepared once for the batch. Activity by activity in activity-id
    /// order, each activity's events first (a Started creates the activity, and a summary in the same batch then completes
    /// it), then its summaries; then the progress buckets the summaries touched, in key order; then window metrics.
    /// </summary>
    /// <remarks>
    /// The order is what keeps concurrent writers from deadlocking on PostgreSQL, where processors hosts in one consumer
    /// group write batches at once: an activity's events and summaries may be written by different hosts (the sinks'
    /// assignment does not keep the topics' same partitions together), and a user's stats rollup rows, updated by a
    /// trigger on every summary, are shared by the user's activities. So a batch first locks its users' rollup rows in
    /// key order (<see cref="LockRollupRowsSql"/>), takes the activity rows in activity-id order, and the buckets in key
    /// order: writers queue on their first shared row instead of holding one another's (ConcurrentActivityWritesTests).
    /// </remarks>
    public async Task WriteActivityRecordsAsync(IReadOnlyList<ActivityEvent> events, IReadOnlyList<ActivitySummary> summaries,
        IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0 && summaries.Count == 0 && windows.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var statements = new TransactionCommands(connection, transaction, BatchesStatements ? connection.CreateBatch() : null))
        {
            await LockRollupRowsAsync(connection, statements, events, summaries, cancellationToken);
            var contributions = await ReadContributionsAsync(statements, summaries, cancellationToken);
            var polylines = await PolylinesApartAsync(connection, cancellationToken)
                ? await ReadPolylineHashesAsync(statements, summaries, cancellationToken)
                : null;
            var touchedBuckets = new HashSet<ProgressBucketKey>();
            var eventsOf = events.ToLookup(e => e.ActivityId, StringComparer.Ordinal);
            var summariesOf = summaries.ToLookup(s => s.ActivityId, StringComparer.Ordinal);
            foreach (var activityId in eventsOf.Select(g => g.Key).Union(summariesOf.Select(g => g.Key), StringComparer.Ordinal)
                         .Order(StringComparer.Ordinal))
            {
                // Each in arrival order: a pause before its resume, a repeated summary's later copy last.
                await ApplyEventsAsync(statements, [.. eventsOf[activityId]], cancellationToken);
                foreach (var summary in summariesOf[activityId])
                {
                    await UpsertSummaryAsync(statements, summary, contributions, polylines?[activityId], touchedBuckets, cancellationToken);
                }
            }
            await RecomputeBucketsAsync(statements, touchedBuckets, cancellationToken);
            await UpsertWindowsAsync(statements, windows, cancellationToken);
            await statements.FlushAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Activity ids per statement of <see cref="ReadByActivityAsync"/>: a bound on the IN list.</summary>
    private const int ActivitiesPerRead = 200;

    /// <summary>
    /// Runs <paramref name="sql"/>, whose <c>{ids}</c> is where the IN list of activity ids goes, for <paramref name="activityIds"/>
    /// <see cref="ActivitiesPerRead"/> at a time, and hands every row to <paramref name="read"/>: the batch's stored state
    /// in a few reads rather than one per summary (on PostgreSQL each read is a round trip, flushing the queued writes).
    /// </summary>
    private static async Task ReadByActivityAsync(TransactionCommands statements, IReadOnlyList<string> activityIds, string sql,
        Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        foreach (var chunk in activityIds.Chunk(ActivitiesPerRead))
        {
            // One SQL text per chunk size: the last chunk of a batch is usually shorter, so two texts per batch size.
            var names = string.Join(", ", chunk.Select((_, i) => $"@id{i}"));
            await using var reader = await statements.ReaderAsync(sql.Replace("{ids}", names, StringComparison.Ordinal),
                cancellationToken, [.. chunk.Select((id, i) => ($"id{i}", (object?)id))]);
            while (await reader.ReadAsync(cancellationToken))
            {
                read(reader);
            }
        }
    }

    private async Task LockRollupRowsAsync(DbConnection connection, TransactionCommands statements, IReadOnlyList<ActivityEvent> events,
        IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken)
    {
        var users = events.Where(e => e.KindCase == ActivityEvent.KindOneofCase.Started).Select(e => e.Started.UserId)
            .Concat(summaries.Select(s => s.UserId)).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (LockRollupRowsSql is not { } sql || users.Length == 0)
        {
            return;
        }
        // A store written before migration 13 (tests that migrate data forward) has no rollup yet. Once seen, it stays.
        if (!rollupExists && !(rollupExists = await TableExistsAsync(connection, "activity_totals", cancellationToken)))
        {
            return;
        }
        await using var reader = await statements.ReaderAsync(sql, cancellationToken, ("users", users));
        while (await reader.ReadAsync(cancellationToken))
        {
            // Each row is locked as the sort hands it up, so reading them all is what takes the locks in order.
        }
    }

    /// <summary>
    /// The summary's row, its best efforts and progress contribution, and its polyline. The row's blob is the summary
    /// without its polyline, which goes to its chunks (<see cref="WritePolylineAsync"/>), unless the store predates
    /// migration 14 (<paramref name="polylineHashes"/> null): then the blob keeps it. The ETag is over the blob and the
    /// chunks' hashes (<see cref="SummaryETag"/>), so a replayed, unchanged summary keeps it and a new polyline changes it,
    /// without serialising or hashing the polyline a second time.
    /// </summary>
    private static async Task UpsertSummaryAsync(TransactionCommands statements, ActivitySummary s,
        Dictionary<string, Contribution?> contributions, List<long>? polylineHashes, HashSet<ProgressBucketKey> touchedBuckets,
        CancellationToken cancellationToken)
    {
        long[] chunkHashes = polylineHashes is null ? [] : PolylineChunkHashes(s.Polyline);
        var blob = s;
        if (chunkHashes.Length > 0)
        {
            blob = s.Clone();
            blob.Polyline = "";
        }
        var bytes = blob.ToByteArray();
        await statements.ExecuteAsync("""
            INSERT INTO activities (activity_id, user_id, sport, status, started_at_ms, race_id, country,
                                    distance_m, moving_time_s, elapsed_time_s, summary, etag)
            VALUES (@id, @user, @sport, @status, @started, @race, @country, @distance, @moving, @elapsed, @summary, @etag)
            ON CONFLICT (activity_id) DO UPDATE SET
                user_id = excluded.user_id, sport = excluded.sport, status = excluded.status,
                started_at_ms = excluded.started_at_ms, race_id = excluded.race_id, country = excluded.country,
                distance_m = excluded.distance_m, moving_time_s = excluded.moving_time_s,
                elapsed_time_s = excluded.elapsed_time_s, summary = excluded.summary, etag = excluded.etag
            """, cancellationToken, ("id", s.ActivityId), ("user", s.UserId), ("sport", s.Sport), ("status", s.Status),
            ("started", s.StartedAtMs), ("race", s.RaceId), ("country", s.Country), ("distance", s.DistanceM),
            ("moving", s.MovingTimeS), ("elapsed", s.ElapsedTimeS), ("summary", bytes), ("etag", SummaryETag.Of(bytes, chunkHashes)));
        if (polylineHashes is not null)
        {
            await WritePolylineAsync(statements, s.ActivityId, s.Polyline, chunkHashes, polylineHashes, cancellationToken);
        }
        await ReplaceBestEffortsAsync(statements, s, cancellationToken);
        await ReplaceProgressAsync(statements, s, contributions, touchedBuckets, cancellationToken);
    }

    private static async Task UpsertWindowsAsync(TransactionCommands statements, IReadOnlyList<WindowMetrics> windows,
        CancellationToken cancellationToken)
    {
        foreach (var w in windows)
        {
            await statements.ExecuteAsync("""
                INSERT INTO window_metrics (activity_id, window_start_ms, window_end_ms, distance_m, moving_time_s, pace_s_per_km, hr_avg, samples)
                VALUES (@id, @start, @end, @distance, @moving, @pace, @hr, @samples)
                ON CONFLICT (activity_id, window_start_ms) DO UPDATE SET
                    window_end_ms = excluded.window_end_ms, distance_m = excluded.distance_m, moving_time_s = excluded.moving_time_s,
                    pace_s_per_km = excluded.pace_s_per_km, hr_avg = excluded.hr_avg, samples = excluded.samples
                """, cancellationToken, ("id", w.ActivityId), ("start", w.WindowStartMs), ("end", w.WindowEndMs), ("distance", w.DistanceM),
                ("moving", w.MovingTimeS), ("pace", w.PaceSPerKm), ("hr", w.HasHrAvg ? w.HrAvg : null), ("samples", w.Samples));
        }
    }

    private static async Task ApplyEventsAsync(TransactionCommands statements, IReadOnlyList<ActivityEvent> events,
        CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            switch (e.KindCase)
            {
                case ActivityEvent.KindOneofCase.Started:
                    // A summary may have arrived first (topics are independent): then it already knows owner and sport.
                    await statements.ExecuteAsync("""
                        INSERT INTO activities (activity_id, user_id, sport, status, started_at_ms, race_id, country)
                        VALUES (@id, @user, @sport, 'active', @started, @race, @country)
                        ON CONFLICT (activity_id) DO NOTHING
                        """, cancellationToken, ("id", e.ActivityId), ("user", e.Started.UserId), ("sport", e.Started.Sport),
                        ("started", e.EventTimeMs), ("race", e.Started.RaceId), ("country", e.Started.Country));
                    break;
                case ActivityEvent.KindOneofCase.Paused or ActivityEvent.KindOneofCase.Resumed or ActivityEvent.KindOneofCase.Stopped:
                    // Once finished, a late pause or resume does not reopen the activity.
                    await statements.ExecuteAsync(
                        "UPDATE activities SET status = @status WHERE activity_id = @id AND (status <> 'finished' OR @status = 'finished')",
                        cancellationToken, ("id", e.ActivityId), ("status", Splitstream.Schemas.ActivityStatus.After(e.KindCase)));
                    break;
                default:
                    throw new ArgumentException($"activity event of {e.ActivityId} has no kind", nameof(events));
            }
        }
    }

    public async Task<ActivityRecord?> GetActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection,
            $"SELECT {ActivityColumns}, {PolylineColumn} FROM activities a LEFT JOIN users u ON u.user_id = a.user_id WHERE a.activity_id = @id",
            ("id", activityId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadActivity(reader, polylineColumn: 14) : null;
    }

    public async Task<(ActivityRecord Activity, bool ViewerIsFriend, bool OwnerIsPrivate)?> GetActivityForViewerAsync(
        string activityId, string viewerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT {ActivityColumns}, f.user_id IS NOT NULL, u.visibility, {PolylineColumn} FROM activities a
            LEFT JOIN users u ON u.user_id = a.user_id
            LEFT JOIN friendships f ON f.user_id = @viewer AND f.friend_id = a.user_id
            WHERE a.activity_id = @id
            """, ("id", activityId), ("viewer", viewerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (ReadActivity(reader, polylineColumn: 16), reader.GetBoolean(14), !reader.IsDBNull(15) && reader.GetString(15) == AccountProfile.Private)
            : null;
    }

    public async Task<IReadOnlyList<WindowRecord>> GetWindowsAsync(string activityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT window_start_ms, window_end_ms, distance_m, moving_time_s, pace_s_per_km, hr_avg, samples
            FROM window_metrics WHERE activity_id = @id ORDER BY window_start_ms
            """, ("id", activityId));
        var windows = new List<WindowRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(new WindowRecord(activityId, reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetInt32(6)));
        }
        return windows;
    }

    public async Task<IReadOnlyList<ActivityRecord>> ListActivitiesAsync(
        string userId, bool publicOnly, int limit, ActivityCursor? before, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        var sql = $"SELECT {ActivityColumns} FROM activities a LEFT JOIN users u ON u.user_id = a.user_id WHERE a.user_id = @user";
        if (publicOnly)
        {
            sql += " AND COALESCE(a.is_public, u.public_activities, FALSE) = TRUE";
        }
        if (before is not null)
        {
            sql += " AND (a.started_at_ms, a.activity_id) < (@beforeStarted, @beforeId)";
        }
        sql += " ORDER BY a.started_at_ms DESC, a.activity_id DESC LIMIT @limit";
        await using var command = Command(connection, sql, ("user", userId), ("limit", limit));
        if (before is { } cursor)
        {
            SetParameters(command, ("beforeStarted", cursor.StartedAtMs), ("beforeId", cursor.ActivityId));
        }
        var activities = new List<ActivityRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            activities.Add(ReadActivity(reader));
        }
        return activities;
    }

    public async Task UpsertUserAsync(UserProfile user, CancellationToken cancellationToken = default)
    {
        await ExecuteWriteAsync("""
            INSERT INTO users (user_id, display_name, public_activities) VALUES (@id, @name, @public)
            ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, public_activities = excluded.public_activities
            """, cancellationToken, ("id", user.UserId), ("name", user.DisplayName), ("public", user.PublicActivities));
    }

    public async Task<UserProfile?> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT display_name, public_activities FROM users WHERE user_id = @id", ("id", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new UserProfile(userId, reader.GetString(0), reader.GetBoolean(1)) : null;
    }

    public async Task AddFriendshipAsync(string userId, string friendId, CancellationToken cancellationToken = default)
    {
        if (userId == friendId)
        {
            throw new ArgumentException("a user cannot befriend themselves", nameof(friendId));
        }
        await ExecuteWriteAsync("INSERT INTO friendships (user_id, friend_id) VALUES (@a, @b), (@b, @a) ON CONFLICT DO NOTHING",
            cancellationToken, ("a", userId), ("b", friendId));
    }

    public async Task<bool> AreFriendsAsync(string userId, string otherId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1 FROM friendships WHERE user_id = @a AND friend_id = @b", ("a", userId), ("b", otherId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<(bool OwnerIsPrivate, bool ViewerIsFriend)> GetViewerStandingAsync(string viewerId, string ownerId,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT (SELECT visibility FROM users WHERE user_id = @owner),
                   EXISTS (SELECT 1 FROM friendships WHERE user_id = @viewer AND friend_id = @owner)
            """, ("owner", ownerId), ("viewer", viewerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (!reader.IsDBNull(0) && reader.GetString(0) == AccountProfile.Private, reader.GetBoolean(1));
    }

    public async Task<bool> SetActivityVisibilityAsync(string activityId, bool? isPublic, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE activities SET is_public = @public WHERE activity_id = @id",
            cancellationToken, ("id", activityId), ("public", isPublic)) > 0;

    public async Task UpsertGoalAsync(Goal goal, CancellationToken cancellationToken = default) => await SaveGoalAsync(goal, cancellationToken);

    public async Task<IReadOnlyList<Goal>> GetGoalsAsync(string userId, CancellationToken cancellationToken = default) =>
        (await GetGoalSetAsync(userId, cancellationToken)).Goals;

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Applies the migrations above the current version inside the caller's (locked) transaction.</summary>
    protected static async Task ApplyMigrationsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<Migration> migrations, int throughVersion, CancellationToken cancellationToken)
    {
        await using (var create = Command(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL)"))
        {
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        int current;
        await using (var version = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        {
            version.Transaction = transaction;
            current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var migration in migrations.Where(m => m.Version > current && m.Version <= throughVersion).OrderBy(m => m.Version))
        {
            await using var step = Command(connection, migration.Sql);
            step.Transaction = transaction;
            await step.ExecuteNonQueryAsync(cancellationToken);
            await using var record = Command(connection, "INSERT INTO schema_migrations (version, description) VALUES (@v, @d)",
                ("v", migration.Version), ("d", migration.Description));
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        SetParameters(command, parameters);
        return command;
    }

    /// <summary>Sets (adding on first use) named parameters, so one prepared command serves a whole batch.</summary>
    protected static void SetParameters(DbCommand command, params (string Name, object? Value)[] parameters) =>
        SetCommandParameters(command, parameters);

    internal static void SetCommandParameters(DbCommand command, (string Name, object? Value)[] parameters) =>
        SetParameters(command.Parameters, command.CreateParameter, parameters);

    /// <summary>Sets each named parameter of a command or a batch command, adding the ones it does not have yet.</summary>
    internal static void SetParameters(DbParameterCollection collection, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (collection.Contains(name))
            {
                collection[name].Value = value ?? DBNull.Value;
            }
            else
            {
                var parameter = create();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                collection.Add(parameter);
            }
        }
    }

    private async Task<int> ExecuteWriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static string TimeRange(long? fromMs, long? toMs) =>
        (fromMs is null ? "" : " AND time_ms >= @from") + (toMs is null ? "" : " AND time_ms < @to");

    private static void AddTimeRange(DbCommand command, long? fromMs, long? toMs)
    {
        if (fromMs is { } from)
        {
            SetParameters(command, ("from", from));
        }
        if (toMs is { } to)
        {
            SetParameters(command, ("to", to));
        }
    }

    /// <param name="polylineColumn">Where the query put <see cref="PolylineColumn"/>; reads of many activities leave it out.</param>
    private static ActivityRecord ReadActivity(DbDataReader r, int? polylineColumn = null) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetBoolean(7), r.GetBoolean(8), r.GetDouble(9), r.GetDouble(10), r.GetDouble(11),
        r.IsDBNull(12) ? null : (byte[])r.GetValue(12), r.IsDBNull(13) ? null : r.GetString(13),
        polylineColumn is int column && !r.IsDBNull(column) ? r.GetString(column) : null);
}
