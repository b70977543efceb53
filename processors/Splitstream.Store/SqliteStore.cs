using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Splitstream.Store;

/// <summary>
/// The embedded store: two SQLite files in WAL mode (readers never wait for the writer): the point series in their own
/// file beside the main one (<see cref="PointsPathFor"/>), so the point sink and the activity sink each have a writer
/// of their own. SQLite has one writer per file, and at 150,000 samples/s the one gate of a single file was held nearly
/// all the time (issue 16). Nothing joins points to the other tables: they are written by the point sink alone and
/// read by activity id.
/// Every write transaction takes the process's gate for its file (<see cref="SqliteWriteGate"/>, shared by every store
/// instance on the same file) and BEGIN IMMEDIATE, so this process's writers queue without SQLITE_BUSY and another
/// process's wait on the busy timeout.
/// Points: a prepared INSERT OR IGNORE per row on SQLite's statement API (<see cref="SqlitePointInserter"/>), both
/// series of a batch in one transaction.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    /// <summary>How long a write waits for the file: for this process's gate, then for another process's writer.</summary>
    private static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The points file's write-ahead log grows to 64 MiB (16,384 pages of 4 KiB) before a commit checkpoints it, against
    /// SQLite's 4 MiB. A point batch of 240 live activities appends to each one's last leaf pages, so consecutive commits
    /// rewrite mostly the same pages; with the default log nearly every commit checkpointed them into the file again.
    /// Interleaved bench-e2e pairs at 150,000/s held 30 s, stored/s with it against the default: 141,147 / 139,565,
    /// 145,435 / 134,635, 146,328 / 128,735 (2026-12-05) and 138,115 / 137,114, 134,061 / 131,718, 143,598 / 121,140
    /// (2026-12-06): six of six in its favour, +6.6% on the means. Reverted once (ea045de) for bench-race's p99 (636 and
    /// 912 ms against 355), which later runs showed to be the noise of one stall (316–1,404 ms for the same code); two
    /// pairs on 2026-12-06 gave 396 and 431 ms with it, 481 and 412 ms without.
    /// </summary>
    public const int PointsWalAutocheckpointPages = 16_384;

    private readonly string connectionString;
    private readonly string pointsConnectionString;
    private readonly TimeSpan writeTimeout;

    public SqliteStore(string path) : this(path, DefaultWriteTimeout)
    {
    }

    /// <summary>A store whose writes wait at most <paramref name="writeTimeout"/> for the gate (tests shorten it).</summary>
    internal SqliteStore(string path, TimeSpan writeTimeout)
    {
        this.writeTimeout = writeTimeout;
        DatabasePath = Path.GetFullPath(path);
        PointsPath = PointsPathFor(DatabasePath);
        connectionString = ConnectionStringFor(DatabasePath);
        pointsConnectionString = ConnectionStringFor(PointsPath);
        WriteGate = SqliteWriteGate.For(DatabasePath);
        PointsWriteGate = SqliteWriteGate.For(PointsPath);
    }

    /// <summary>The main database file: everything but the point series.</summary>
    public string DatabasePath { get; }

    /// <summary>The point series' file, beside the main one.</summary>
    public string PointsPath { get; }

    /// <summary>This process's write gate for the main file, shared with every other store on it.</summary>
    public SqliteWriteGate WriteGate { get; }

    /// <summary>This process's write gate for the points file: the point sink's own writer.</summary>
    public SqliteWriteGate PointsWriteGate { get; }

    /// <summary>
    /// The points file of the store at <paramref name="databasePath"/>: <c>splitstream.db</c> → <c>splitstream.db.points</c>,
    /// a name the main file's own starts, so whatever copies, backs up or removes <c>splitstream.db*</c> takes both.
    /// </summary>
    public static string PointsPathFor(string databasePath) => Path.GetFullPath(databasePath) + ".points";

    private string ConnectionStringFor(string file)
    {
        // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
        Splitstream.Schemas.PrivateFiles.EnsureFile(file);
        return new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(writeTimeout.TotalSeconds),
        }.ToString();
    }

    protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteWriteConnection(connectionString, WriteGate, writeTimeout), cancellationToken);

    protected override ValueTask<DbConnection> OpenPointsAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteWriteConnection(pointsConnectionString, PointsWriteGate, writeTimeout, PointsWalAutocheckpointPages), cancellationToken);

    private static async ValueTask<DbConnection> OpenAsync(SqliteWriteConnection connection, CancellationToken cancellationToken)
    {
        // No per-open pragmas: reads are the hot path. WAL is a property of the file (set by MigrateAsync, sticks), and
        // Microsoft.Data.Sqlite retries SQLITE_BUSY itself for up to DefaultTimeout.
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // The gate first: this process's writers queue on it (see SqliteWriteConnection) rather than on SQLITE_BUSY.
    // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write (no lock-upgrade deadlocks).
    // synchronous=NORMAL is per connection and must be set outside a transaction; in WAL it survives process crashes.
    // busy_timeout lets SQLite itself wait (in steps of 1–100 ms) for another process's writer before answering BUSY.
    // wal_autocheckpoint is per connection too: the points file's is larger (PointsWalAutocheckpointPages).
    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteWriteConnection)connection;
        await sqlite.EnterWriteAsync(cancellationToken);
        using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(long)writeTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint={sqlite.WalAutocheckpointPages}";
            pragma.ExecuteNonQuery();
        }
        return sqlite.BeginTransaction(deferred: false);
    }

    protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @t", ("t", table));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// The points file first (its own schema and versions), then the main file. A main file from before the points had
    /// their own (migration <see cref="SqliteMigrations.PointsMovedOut"/>) has its points copied over in a transaction of
    /// their own, made durable, before that migration drops them: a crash between the two leaves both copies, and the
    /// copy runs again (INSERT OR IGNORE) at the next start.
    /// </summary>
    internal override async Task MigrateAsync(int throughVersion, CancellationToken cancellationToken)
    {
        await using (var points = (SqliteWriteConnection)await OpenPointsAsync(cancellationToken))
        {
            await MigrateFileAsync(points, SqlitePointsMigrations.All, int.MaxValue, cancellationToken);
        }
        await using var connection = (SqliteWriteConnection)await OpenAsync(cancellationToken);
        if (throughVersion >= SqliteMigrations.PointsMovedOut)
        {
            await connection.EnterWriteAsync(cancellationToken);
            await CopyPointsOutAsync(connection, cancellationToken);
        }
        await MigrateFileAsync(connection, SqliteMigrations.All, throughVersion, cancellationToken);
    }

    private async Task MigrateFileAsync(SqliteWriteConnection connection, IReadOnlyList<Migration> migrations, int throughVersion,
        CancellationToken cancellationToken)
    {
        await connection.EnterWriteAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ApplyMigrationsAsync(connection, transaction, migrations, throughVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Copies the point series of a main file that still holds them into the points file, on the main file's connection
    /// (holding its gate) with the points file attached and its gate entered too: the only place that holds both, main
    /// first. The copy commits with synchronous=FULL so it is on disk before the migration that drops the originals.
    /// </summary>
    private async Task CopyPointsOutAsync(SqliteWriteConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, "gps_points", cancellationToken))
        {
            return;
        }
        await PointsWriteGate.EnterAsync(writeTimeout, cancellationToken);
        try
        {
            await using (var attach = Command(connection, "ATTACH DATABASE @file AS points", ("file", PointsPath)))
            {
                await attach.ExecuteNonQueryAsync(cancellationToken);
            }
            try
            {
                await using (var pragma = Command(connection,
                    $"PRAGMA points.synchronous=FULL; PRAGMA busy_timeout={(long)writeTimeout.TotalMilliseconds}"))
                {
                    await pragma.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var transaction = connection.BeginTransaction(deferred: false);
                // Checked again under the write lock: another process may have moved them since.
                await using var exists = Command(connection, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'gps_points'");
                exists.Transaction = transaction;
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    await using var copy = Command(connection, """
                        INSERT OR IGNORE INTO points.gps_points (activity_id, time_ms, lat, lon, ele, acc)
                            SELECT activity_id, time_ms, lat, lon, ele, acc FROM main.gps_points;
                        INSERT OR IGNORE INTO points.hr_points (activity_id, time_ms, bpm)
                            SELECT activity_id, time_ms, bpm FROM main.hr_points;
                        """);
                    copy.Transaction = transaction;
                    await copy.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await using var detach = Command(connection, "DETACH DATABASE points");
                await detach.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            PointsWriteGate.Exit();
        }
    }

    public override Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default) =>
        WritePointsAsync(points, [], cancellationToken);

    public override Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default) =>
        WritePointsAsync([], points, cancellationToken);

    /// <summary>Both series in one write transaction on the points file: one entry of its gate and one commit per sink batch.</summary>
    public override async Task WritePointsAsync(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate,
        CancellationToken cancellationToken = default)
    {
        if (gps.Count == 0 && heartRate.Count == 0)
        {
            return;
        }
        await using var connection = (SqliteConnection)await OpenPointsAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and an async wrapper would cost per row.
        SqlitePointInserter.InsertGps(connection, gps);
        SqlitePointInserter.InsertHeartRate(connection, heartRate);
        await transaction.CommitAsync(cancellationToken);
    }

    // The write gates are the files', shared with other store instances on it: not disposed with this one.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
