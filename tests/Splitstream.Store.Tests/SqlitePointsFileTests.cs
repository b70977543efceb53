using Microsoft.Data.Sqlite;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// The embedded store keeps the point series in a file of their own beside the main one (issue 16: SQLite has one
/// writer per file, and the point sink and the activity sink had to take turns on one). A store from before that holds
/// its points in the main file; migrating it forward moves them, and no point is lost or doubled even when the move was
/// interrupted after the copy and before the originals were dropped.
/// </summary>
public sealed class SqlitePointsFileTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-points-file-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(directory, "splitstream.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Points_stored_in_the_main_file_move_to_the_points_file_whole_and_once_even_after_an_interrupted_move(bool copiedBefore)
    {
        var first = TestData.NewId();
        var second = TestData.NewId();
        var gps = TestData.Track(first, 1_500).Concat(TestData.Track(second, 700)).ToList();
        var heartRate = TestData.HeartRate(first, 900).Concat(TestData.HeartRate(second, 300, everyMs: 2_000)).ToList();
        await using (var old = new SqliteStore(DatabasePath))
        {
            await old.MigrateAsync(SqliteMigrations.PointsMovedOut - 1, CancellationToken.None);
        }
        // What the store wrote before the points had their own file: rows in the main file's tables.
        await InsertAsync(DatabasePath, gps, heartRate);
        if (copiedBefore)
        {
            // A start that copied part of them and stopped before the main file's migration ran.
            await InsertAsync(SqliteStore.PointsPathFor(DatabasePath), gps.Take(1_000), heartRate.Skip(500));
        }

        await using var store = new SqliteStore(DatabasePath);
        await store.MigrateAsync();

        Assert.Equal(SqliteMigrations.All[^1].Version, await store.SchemaVersionAsync());
        Assert.Equal(gps.Where(p => p.ActivityId == first), await store.GetGpsAsync(first));
        Assert.Equal(gps.Where(p => p.ActivityId == second), await store.GetGpsAsync(second));
        Assert.Equal(heartRate.Where(p => p.ActivityId == first), await store.GetHeartRateAsync(first));
        Assert.Equal(heartRate.Where(p => p.ActivityId == second), await store.GetHeartRateAsync(second));
        Assert.Equal([], await TablesAsync(DatabasePath, "gps_points", "hr_points"));
        Assert.Equal((gps.Count, heartRate.Count), await CountsAsync(store.PointsPath));

        // Migrating again moves nothing twice; new points go to the points file.
        await store.MigrateAsync();
        var third = TestData.NewId();
        await store.WritePointsAsync(TestData.Track(third, 10), TestData.HeartRate(third, 5));
        Assert.Equal((gps.Count + 10, heartRate.Count + 5), await CountsAsync(store.PointsPath));
        Assert.Equal(TestData.Track(third, 10), await store.GetGpsAsync(third));
    }

    [Fact]
    public async Task A_new_store_keeps_its_points_in_the_points_file_only_as_another_program_reads_them()
    {
        await using var store = new SqliteStore(DatabasePath);
        await store.MigrateAsync();
        var id = TestData.NewId();
        await store.WritePointsAsync(TestData.Track(id, 120), TestData.HeartRate(id, 60));

        Assert.Equal(DatabasePath + ".points", store.PointsPath);
        Assert.Equal([], await TablesAsync(DatabasePath, "gps_points", "hr_points"));
        // The system python's sqlite3, a separate program with its own SQLite.
        var counted = SystemPython.Run("""
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1])
            gps = connection.execute("SELECT count(*) FROM gps_points WHERE activity_id = ?", (sys.argv[2],)).fetchone()[0]
            hr = connection.execute("SELECT count(*) FROM hr_points WHERE activity_id = ?", (sys.argv[2],)).fetchone()[0]
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            connection.close()
            print(gps, hr, mode)
            """, [store.PointsPath, id]).Trim();
        Assert.Equal("120 60 wal", counted);
    }

    [Fact]
    public async Task The_points_files_write_ahead_log_grows_past_sqlites_4_MiB_before_a_commit_checkpoints_it()
    {
        await using var store = new SqliteStore(DatabasePath);
        await store.MigrateAsync();
        // ~12 MiB of pages in 12 commits, as the point sink writes them: with SQLite's 1,000-page default the log would
        // be checkpointed and reused from its start once past 4 MiB, and stay near that size.
        for (var batch = 0; batch < 12; batch++)
        {
            var rows = Enumerable.Range(0, 20).SelectMany(a => TestData.Track($"wal-{a}", 1_000, startMs: 1_000_000_000_000L + batch * 1_000_000L)).ToList();
            await store.WriteGpsAsync(rows);
        }

        var log = new FileInfo(store.PointsPath + "-wal").Length;
        Assert.True(log > 8L << 20, $"the points file's log is {log:N0} bytes");
        Assert.True(log < (long)SqliteStore.PointsWalAutocheckpointPages * 4096 + (8L << 20), $"the points file's log is {log:N0} bytes");
    }

    private static async Task InsertAsync(string path, IEnumerable<GpsPoint> gps, IEnumerable<HeartRatePoint> heartRate)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await InsertRowsAsync(connection, "INSERT INTO gps_points (activity_id, time_ms, lat, lon, ele, acc) VALUES ($1, $2, $3, $4, $5, $6)",
            gps.Select(p => new object?[] { p.ActivityId, p.TimeMs, p.Lat, p.Lon, p.Ele, p.Acc }));
        await InsertRowsAsync(connection, "INSERT INTO hr_points (activity_id, time_ms, bpm) VALUES ($1, $2, $3)",
            heartRate.Select(p => new object?[] { p.ActivityId, p.TimeMs, p.Bpm }));
        await transaction.CommitAsync();
    }

    private static async Task InsertRowsAsync(SqliteConnection connection, string sql, IEnumerable<object?[]> rows)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = sql;
        foreach (var row in rows)
        {
            insert.Parameters.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                insert.Parameters.AddWithValue("$" + (i + 1), row[i] ?? DBNull.Value);
            }
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> TablesAsync(string path, params string[] names)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return [.. tables.Intersect(names)];
    }

    private static async Task<(long Gps, long HeartRate)> CountsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM gps_points), (SELECT count(*) FROM hr_points)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
