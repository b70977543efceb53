using Splitstream.Store;

namespace Splitstream.Leaderboards.Tests;

/// <summary>A fresh, migrated SQLite file for one test class, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-board-store-tests", Guid.NewGuid().ToString("N"));

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteStore(Path.Combine(directory, "splitstream.db"));
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
