namespace Splitstream.Store.Tests;

public sealed class SqliteStoreContractTests(SqliteFileFixture fixture) : StoreContractTests, IClassFixture<SqliteFileFixture>
{
    protected override ISplitstreamStore Store => fixture.Store;

    [Fact]
    public async Task Two_store_instances_on_one_file_migrate_and_write_concurrently()
    {
        // make run hosts the processors and the query API in one process, each with its own store on the same file.
        await using var other = new SqliteStore(fixture.DatabasePath);
        var id = TestData.NewId();
        var track = TestData.Track(id, 2000);
        await Task.WhenAll(other.MigrateAsync(), fixture.Store.MigrateAsync(),
            other.WriteGpsAsync(track.Take(1200).ToList()), fixture.Store.WriteGpsAsync(track.Skip(800).ToList()));

        Assert.Equal(track, await other.GetGpsAsync(id));
    }
}
