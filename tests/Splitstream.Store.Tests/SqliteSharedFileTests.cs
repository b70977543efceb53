using Microsoft.Data.Sqlite;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// The embedded store's file is shared with other programs: an operator's <c>sqlite3 .data/splitstream.db</c>, a second
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
    public async Task Another_program_reading_the_file_while_a_second_store_opens_it_leaves_the_write_ahead_log_to_the_pipeline()
    {
        var before = TestData.NewId();
        await Store.WriteGpsAsync(TestData.Track(before, 200));
        // A connection of this process that stays open, as the pipeline's pooled ones do.
        await using var open = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await open.OpenAsync();
        await using (var read = open.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM gps_points";
            Assert.Equal(200L, await read.ExecuteScalarAsync());
        }

        // What `make run` does at start: each of its hosts makes its own store on the file.
        await using var second = new SqliteStore(DatabasePath);
        var afterOtherProgram = SystemPython.Run(ReadAndClose, [DatabasePath]).Trim();

        Assert.Equal("wal", afterOtherProgram);
        var after = TestData.NewId();
        await second.WriteGpsAsync(TestData.Track(after, 300));
        Assert.Equal(TestData.Track(before, 200), await Store.GetGpsAsync(before));
        Assert.Equal(TestData.Track(after, 300), await Store.GetGpsAsync(after));
        Assert.Equal("ok", SystemPython.Run(IntegrityCheck, [DatabasePath]).Trim());
    }
}
