namespace Splitstream.Store.Tests;

/// <summary>A fresh, migrated SQLite file for one test class, deleted afterwards.</summary>
public sealed class SqliteFileFixture : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-store-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(directory, "splitstream.db");

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteStore(DatabasePath);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
