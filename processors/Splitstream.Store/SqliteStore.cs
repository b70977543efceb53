using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Splitstream.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer). Every write transaction takes
/// the process's gate for the file (<see cref="SqliteWriteGate"/>, shared by every store instance on the same file)
/// and BEGIN IMMEDIATE, so this process's writers queue without SQLITE_BUSY and another process's wait on the
/// busy timeout.
/// Points: a prepared INSERT OR IGNORE per row on SQLite's statement API (<see cref="SqlitePointInserter"/>), both
/// series of a batch in one transaction.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    /// <summary>How long a write waits for the file: for this process's gate, then for another process's writer.</summary>
    private static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(30);

    private readonly string connectionString;
    private readonly TimeSpan writeTimeout;

    public SqliteStore(string path) : this(path, DefaultWriteTimeout)
    {
    }

    /// <summary>A store whose writes wait at most <paramref name="writeTimeout"/> for the gate (tests shorten it).</summary>
    internal SqliteStore(string path, TimeSpan writeTimeout)
    {
        this.writeTimeout = writeTimeout;
        var full = Path.GetFullPath(path);
        // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
        Splitstream.Schemas.PrivateFiles.EnsureFile(full);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(writeTimeout.TotalSeconds),
        }.ToString();
        DatabasePath = full;
        WriteGate = SqliteWriteGate.For(full);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>This process's write gate for the file, shared with every other store on it.</summary>
    public SqliteWriteGate WriteGate { get; }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // No per-open pragmas: reads are the hot path. WAL is a property of the file (set by MigrateAsync, sticks), and
        // Microsoft.Data.Sqlite retries SQLITE_BUSY itself for up to DefaultTimeout.
        var connection = new SqliteWriteConnection(connectionString, WriteGate, writeTimeout);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // The gate first: this process's writers queue on it (see SqliteWriteConnection) rather than on SQLITE_BUSY.
    // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write (no lock-upgrade deadlocks).
    // synchronous=NORMAL is per connection and must be set outside a transaction; in WAL it survives process crashes.
    // busy_timeout lets SQLite itself wait (in steps of 1–100 ms) for another process's writer before answering BUSY.
    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteWriteConnection)connection;
        await sqlite.EnterWriteAsync(cancellationToken);
        using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(long)writeTimeout.TotalMilliseconds}";
            pragma.ExecuteNonQuery();
        }
        return sqlite.BeginTransaction(deferred: false);
    }

    protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @t", ("t", table));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    internal override async Task MigrateAsync(int throughVersion, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteWriteConnection)await OpenAsync(cancellationToken);
        await connection.EnterWriteAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ApplyMigrationsAsync(connection, transaction, SqliteMigrations.All, throughVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default) =>
        WritePointsAsync(points, [], cancellationToken);

    public override Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default) =>
        WritePointsAsync([], points, cancellationToken);

    /// <summary>Both series in one write transaction: one entry of the write gate and one commit per sink batch.</summary>
    public override async Task WritePointsAsync(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate,
        CancellationToken cancellationToken = default)
    {
        if (gps.Count == 0 && heartRate.Count == 0)
        {
            return;
        }
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and an async wrapper would cost per row.
        SqlitePointInserter.InsertGps(connection, gps);
        SqlitePointInserter.InsertHeartRate(connection, heartRate);
        await transaction.CommitAsync(cancellationToken);
    }

    // The write gate is the file's, shared with other store instances on it: not disposed with this one.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
