using Splitstream.Store;
using Xunit;

namespace Splitstream.Testing;

/// <summary>A fresh, migrated PostgreSQL database for one test class, dropped afterwards.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public PostgresStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync();
        Store = new PostgresStore(ConnectionString);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }
}
