using Microsoft.Data.Sqlite;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// The embedded store's files are shared with other programs: an operator's <c>sqlite3 .data/splitstream.db</c>, a second
/// process on the same file. SQLite keeps them apart with POSIX advisory locks, which belong to the process and are all
/// dropped when any descriptor of the file in that process is closed. A store that opened and closed the file itself
/// (to create it 0600) dropped the locks of the process's open connections; the next program that read the file and
/// closed it believed itself the last user, checkpointed and deleted the write-ahead log under the running pipeline,
/// and the store was "malformed" within seconds and "not a database" after the stop (found by a `make run` restart).
/// The other program here is the system python's sqlite3 module: a separate process with its own SQLite.
/// </summary>
public sealed class SqliteSharedFileTests(SqliteFileFixture fixture) : IClassFixture<SqliteFileFixture>
{
    private const string ReadAndClose = """
        import os, sqlite3, sys
        path = sys.argv[1]
        connection = sqlite3.connect(path)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.close()
        print("wal" if os.path.exists(path + "-wal") else "no-wal")
        """;

    private const string IntegrityCheck = """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1])
        print(connection.execute("PRAGMA integrity_check").fetchone()[0])
        connection.close()
        """;

    private SqliteStore Store => fixture.Store;

    private string DatabasePath => fixture.DatabasePath;

    [Fact]
    public async Task Another_program_reading_the_files_while_a_second_store_opens_them_leaves_the_write_ahead_logs_to_the_pipeline()
    {
        var before = TestData.NewId();
        await Store.WriteGpsAsync(TestData.Track(before, 200));
        await Store.ApplyActivityEventsAsync([TestData.Started(before, TestData.NewId("user"), TestData.Start.ToUnixTimeMilliseconds())]);
        // Connections of this process that stay open, as the pipeline's pooled ones do: one on each file.
        await using var openPoints = await OpenAsync(Store.PointsPath);
        await using var openMain = await OpenAsync(DatabasePath);
        Assert.Equal(200L, await ScalarAsync(openPoints, "SELECT count(*) FROM gps_points"));
        Assert.Equal(1L, await ScalarAsync(openMain, "SELECT count(*) FROM activities"));

        // What `make run` does at start: each of its hosts makes its own store on the files.
        await using var second = new SqliteStore(DatabasePath);
        Assert.Equal("wal", SystemPython.Run(ReadAndClose, [Store.PointsPath]).Trim());
        Assert.Equal("wal", SystemPython.Run(ReadAndClose, [DatabasePath]).Trim());

        var after = TestData.NewId();
        await second.WriteGpsAsync(TestData.Track(after, 300));
        await second.ApplyActivityEventsAsync([TestData.Started(after, TestData.NewId("user"), TestData.Start.ToUnixTimeMilliseconds())]);
        Assert.Equal(TestData.Track(before, 200), await Store.GetGpsAsync(before));
        Assert.Equal(TestData.Track(after, 300), await Store.GetGpsAsync(after));
        Assert.Equal("active", (await Store.GetActivityAsync(after))?.Status);
        Assert.Equal("ok", SystemPython.Run(IntegrityCheck, [Store.PointsPath]).Trim());
        Assert.Equal("ok", SystemPython.Run(IntegrityCheck, [DatabasePath]).Trim());
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
