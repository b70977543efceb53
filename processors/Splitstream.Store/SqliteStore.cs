using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Splitstream.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer). Writes go through one
/// in-process gate and BEGIN IMMEDIATE, so this process's writers queue and another process's wait on the busy timeout.
/// Points: a prepared INSERT OR IGNORE per row inside one transaction per batch.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    static SqliteStore() => SQLitePCL.Batteries_V2.Init();

    public SqliteStore(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = full;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // No per-open pragmas: reads are the hot path. WAL is a property of the file (set by MigrateAsync, sticks), and
        // Microsoft.Data.Sqlite retries SQLITE_BUSY itself for up to DefaultTimeout.
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write (no lock-upgrade deadlocks).
    // synchronous=NORMAL is per connection and must be set outside a transaction; in WAL it survives process crashes.
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using (var pragma = ((SqliteConnection)connection).CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            pragma.ExecuteNonQuery();
        }
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @t", ("t", table));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            await ApplyMigrationsAsync(connection, transaction, SqliteMigrations.All, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public override async Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await BeginWriteAsync(connection, cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO gps_points (activity_id, time_ms, lat, lon, ele, acc) VALUES ($a, $t, $lat, $lon, $ele, $acc)";
            var a = command.Parameters.Add("$a", SqliteType.Text);
            var t = command.Parameters.Add("$t", SqliteType.Integer);
            var lat = command.Parameters.Add("$lat", SqliteType.Real);
            var lon = command.Parameters.Add("$lon", SqliteType.Real);
            var ele = command.Parameters.Add("$ele", SqliteType.Real);
            var acc = command.Parameters.Add("$acc", SqliteType.Real);
            command.Prepare();
            foreach (var p in points)
            {
                a.Value = p.ActivityId;
                t.Value = p.TimeMs;
                lat.Value = p.Lat;
                lon.Value = p.Lon;
                ele.Value = p.Ele is { } e ? e : DBNull.Value;
                acc.Value = p.Acc is { } h ? h : DBNull.Value;
                // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async wrapper costs per row.
                command.ExecuteNonQuery();
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public override async Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await BeginWriteAsync(connection, cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO hr_points (activity_id, time_ms, bpm) VALUES ($a, $t, $bpm)";
            var a = command.Parameters.Add("$a", SqliteType.Text);
            var t = command.Parameters.Add("$t", SqliteType.Integer);
            var bpm = command.Parameters.Add("$bpm", SqliteType.Integer);
            command.Prepare();
            foreach (var p in points)
            {
                a.Value = p.ActivityId;
                t.Value = p.TimeMs;
                bpm.Value = p.Bpm;
                command.ExecuteNonQuery();
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public override ValueTask DisposeAsync()
    {
        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }
}
