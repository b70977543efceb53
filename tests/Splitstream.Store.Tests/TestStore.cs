using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// A fresh store of one kind for one test ("sqlite": a file in a new directory; "postgres": a new database on the test
/// server), migrated through <c>throughVersion</c>, removed when disposed.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly Func<Task> remove;

    private TestStore(SqlStore value, Func<Task> remove) => (Value, this.remove) = (value, remove);

    public SqlStore Value { get; }

    public static async Task<TestStore> CreateAsync(string kind, int throughVersion = int.MaxValue)
    {
        TestStore store;
        if (kind == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "splitstream-store-tests", Guid.NewGuid().ToString("N"));
            var sqlite = new SqliteStore(Path.Combine(directory, "splitstream.db"));
            store = new TestStore(sqlite, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
        }
        else
        {
            var database = await PostgresServer.CreateDatabaseAsync();
            store = new TestStore(new PostgresStore(database), () => PostgresServer.DropDatabaseAsync(database));
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
