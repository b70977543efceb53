using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Splitstream.Store;

/// <summary>
/// The production store. Points: binary COPY into a session-local staging table, then one
/// INSERT … SELECT … ON CONFLICT DO NOTHING into the hash-partitioned table, in one transaction, which keeps COPY's
/// speed and makes re-delivery harmless (a plain COPY would fail on the first duplicate).
/// </summary>
public sealed class PostgresStore(string connectionString) : SqlStore
{
    /// <summary>Serialises concurrent migrations of several processes (an arbitrary constant: "splitstr").</summary>
    private const long MigrationLockKey = 0x73706c6974737472;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT to_regclass(@t) IS NOT NULL", ("t", table));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("k", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await ApplyMigrationsAsync(connection, transaction, PostgresMigrations.All, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TEMP TABLE IF NOT EXISTS hr_stage (activity_id text, time_ms bigint, bpm integer) ON COMMIT DELETE ROWS", cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY hr_stage (activity_id, time_ms, bpm) FROM STDIN (FORMAT BINARY)", cancellationToken))
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
        await ExecuteAsync(connection, transaction, """
            INSERT INTO hr_points (activity_id, time_ms, bpm) SELECT activity_id, time_ms, bpm FROM hr_stage
            ON CONFLICT (activity_id, time_ms) DO NOTHING
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter import, double? value, CancellationToken cancellationToken) =>
        value is { } v ? import.WriteAsync(v, NpgsqlDbType.Double, cancellationToken) : import.WriteNullAsync(cancellationToken);
}
