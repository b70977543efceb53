using Npgsql;

namespace Splitstream.Store.Tests;

public sealed class PostgresStoreContractTests(PostgresDatabaseFixture fixture) : StoreContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override ISplitstreamStore Store => fixture.Store;

    [Fact]
    public async Task Point_tables_are_hash_partitioned_on_the_activity_id()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT p.relname, pg_get_partkeydef(p.oid), (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = p.oid)
            FROM pg_class p WHERE p.relname IN ('gps_points', 'hr_points') ORDER BY p.relname
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            tables.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        Assert.Equal([("gps_points", "HASH (activity_id)", 16L), ("hr_points", "HASH (activity_id)", 16L)], tables);
    }

    [Fact]
    public async Task A_batch_overlapping_stored_rows_falls_back_to_the_merge_and_writes_only_the_new_rows()
    {
        var id = TestData.NewId();
        var track = TestData.Track(id, 3000);
        var merged = fixture.Store.MergedBatches;

        await fixture.Store.WriteGpsAsync(track.Take(2000).ToList());
        Assert.Equal(merged, fixture.Store.MergedBatches);
        await fixture.Store.WriteGpsAsync(track.Skip(1500).ToList());

        Assert.Equal(merged + 1, fixture.Store.MergedBatches);
        Assert.Equal(track, await fixture.Store.GetGpsAsync(id));
    }

    [Fact]
    public async Task Concurrent_migrations_of_several_processes_apply_each_version_once()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(database)).ToList();
            await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
            Assert.Equal(PostgresMigrations.All[^1].Version, await stores[0].SchemaVersionAsync());
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}

/// <summary>The same contract with every point batch through the staging merge (the fast COPY path disabled).</summary>
public sealed class PostgresMergeOnlyStoreContractTests(PostgresDatabaseFixture fixture)
    : StoreContractTests, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresStore store = null!;

    protected override ISplitstreamStore Store => store;

    public Task InitializeAsync()
    {
        store = new PostgresStore(fixture.ConnectionString, optimisticCopy: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await store.DisposeAsync();
}
