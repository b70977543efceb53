using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Splitstream.Store;

/// <summary>
/// The production store. Points go in by binary COPY, idempotently, in one of two ways:
/// <list type="bullet">
/// <item>fast path (steady state, no duplicates): binary COPY straight into the hash-partitioned table in its own
/// transaction; a duplicate (re-delivery after a crash, a re-sent batch) makes it fail on the primary key and roll back
/// whole, and the batch takes the merge path;</item>
/// <item>merge path: binary COPY into a session-local staging table, then INSERT … SELECT … ON CONFLICT DO NOTHING, in
/// one transaction.</item>
/// </list>
/// Either way a committed batch holds each (activity, time) once. The fast path exists because staging writes every
/// row twice, which cost ~35% against a plain COPY in <c>make bench-store</c>; <paramref name="optimisticCopy"/> false
/// always merges.
/// </summary>
public sealed class PostgresStore(string connectionString, bool optimisticCopy = true) : SqlStore
{
    private long mergedBatches;

    /// <summary>Batches that went through the staging merge (all of them without the fast path).</summary>
    public long MergedBatches => Interlocked.Read(ref mergedBatches);

    /// <summary>Serialises concurrent migrations of several processes (an arbitrary constant: "splitstr").</summary>
    private const long MigrationLockKey = 0x73706c6974737472;

    /// <summary>
    /// Server-side prepared statements per connection unless the connection string says otherwise ("Max Auto Prepare";
    /// 0 turns it off, e.g. behind a PgBouncer older than 1.21 in transaction mode). Npgsql prepares a statement once
    /// it has run five times, and the sinks and the query API run the same few dozen statements all day: parsing and
    /// planning each again was most of a small statement's cost (issue 16: a batch of 500 live summaries with its
    /// statements batched took 403 ms unprepared, 136 ms prepared, on the test server).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));

    /// <summary><paramref name="connectionString"/> with <see cref="DefaultMaxAutoPrepare"/> unless it sets Max Auto Prepare itself.</summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    protected override bool BatchesStatements => true;

    /// <summary>The users' stats rollup rows, locked in the rollup's key order (rows are locked as the sort returns them).</summary>
    protected override string? LockRollupRowsSql => """
        SELECT 1 FROM activity_totals WHERE user_id = ANY(@users)
        ORDER BY user_id, sport, month_start_ms, visibility FOR UPDATE
        """;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT to_regclass(@t) IS NOT NULL", ("t", table));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal override async Task MigrateAsync(int throughVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("k", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await ApplyMigrationsAsync(connection, transaction, PostgresMigrations.All, throughVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }
        if (optimisticCopy && await TryCopyAsync(points, "gps_points (activity_id, time_ms, lat, lon, ele, acc)", WriteGpsRowsAsync, cancellationToken))
        {
            return;
        }
        Interlocked.Increment(ref mergedBatches);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS gps_stage (
                activity_id text, time_ms bigint, lat double precision, lon double precision, ele double precision, acc double precision
            ) ON COMMIT DELETE ROWS
            """, cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY gps_stage (activity_id, time_ms, lat, lon, ele, acc) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await WriteGpsRowsAsync(import, points, cancellationToken);
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO gps_points (activity_id, time_ms, lat, lon, ele, acc)
            SELECT activity_id, time_ms, lat, lon, ele, acc FROM gps_stage
            ON CONFLICT (activity_id, time_ms) DO NOTHING
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }
        if (optimisticCopy && await TryCopyAsync(points, "hr_points (activity_id, time_ms, bpm)", WriteHeartRateRowsAsync, cancellationToken))
        {
            return;
        }
        Interlocked.Increment(ref mergedBatches);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TEMP TABLE IF NOT EXISTS hr_stage (activity_id text, time_ms bigint, bpm integer) ON COMMIT DELETE ROWS", cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY hr_stage (activity_id, time_ms, bpm) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await WriteHeartRateRowsAsync(import, points, cancellationToken);
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO hr_points (activity_id, time_ms, bpm) SELECT activity_id, time_ms, bpm FROM hr_stage
            ON CONFLICT (activity_id, time_ms) DO NOTHING
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <summary>The fast path: COPY straight into the table; false (rolled back, nothing written) when a row already exists.</summary>
    private async Task<bool> TryCopyAsync<T>(IReadOnlyList<T> points, string target,
        Func<NpgsqlBinaryImporter, IReadOnlyList<T>, CancellationToken, Task> writeRows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var import = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                await writeRows(import, points, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    private static async Task WriteGpsRowsAsync(NpgsqlBinaryImporter import, IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken)
    {
        foreach (var p in points)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(p.ActivityId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(p.TimeMs, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(p.Lat, NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(p.Lon, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(import, p.Ele, cancellationToken);
            await WriteNullableAsync(import, p.Acc, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    private static async Task WriteHeartRateRowsAsync(NpgsqlBinaryImporter import, IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken)
    {
        foreach (var p in points)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(p.ActivityId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(p.TimeMs, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(p.Bpm, NpgsqlDbType.Integer, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter import, double? value, CancellationToken cancellationToken) =>
        value is { } v ? import.WriteAsync(v, NpgsqlDbType.Double, cancellationToken) : import.WriteNullAsync(cancellationToken);
}
