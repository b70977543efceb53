using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// A fresh store of one kind for one test ("sqlite": a file in a new directory; "postgres": a new database on the test
/// server), migrated through <c>throughVersion</c>, removed when disposed.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly Func<Task> remove;

    private TestStore(SqlStore value, Func<System.Data.Common.DbConnection> connect, Func<Task> remove) =>
        (Value, Connect, this.remove) = (value, connect, remove);

    public SqlStore Value { get; }

    /// <summary>A new, closed connection to the same database, for what a test inspects or installs beside the store's own SQL.</summary>
    public Func<System.Data.Common.DbConnection> Connect { get; }

    public static async Task<TestStore> CreateAsync(string kind, int throughVersion = int.MaxValue)
    {
        TestStore store;
        if (kind == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "splitstream-store-tests", Guid.NewGuid().ToString("N"));
            var file = Path.Combine(directory, "splitstream.db");
            var sqlite = new SqliteStore(file);
            store = new TestStore(sqlite, () => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"), () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
        }
        else
        {
            var database = await PostgresServer.CreateDatabaseAsync();
            store = new TestStore(new PostgresStore(database), () => new Npgsql.NpgsqlConnection(database),
                () => PostgresServer.DropDatabaseAsync(database));
        }
        await store.Value.MigrateAsync(throughVersion, CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await Value.DisposeAsync();
        await remove();
    }
}
