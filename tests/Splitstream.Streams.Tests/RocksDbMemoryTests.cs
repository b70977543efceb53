namespace Splitstream.Streams.Tests;

/// <summary>The soak's account of RocksDB's native memory: every open store is counted, with what its memtables hold, and a closed one no longer.</summary>
[Collection(RocksDbMemoryCollection.Name)]
public sealed class RocksDbMemoryTests : IDisposable
{
    private readonly string stateDir = Path.Combine(Path.GetTempPath(), "splitstream-rocksdb-memory-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void An_open_store_counts_with_the_writes_its_memtable_holds_and_a_closed_one_no_longer()
    {
        var before = RocksDbMemory.Measure();
        using var store = new RocksDbKeyValueStore<string, string>("memory", Serdes.String, Serdes.String, logged: false);
        var persistent = (IPersistentStore)store;
        persistent.Open(stateDir);
        // 2 MiB of values: under the 4 MiB write buffer, so all of it stays in the memtable.
        var value = new string('x', 1000);
        for (var i = 0; i < 2048; i++)
        {
            store.Put("k" + i, value);
        }
        ((IRestorableStore)store).Flush(streamTime: 0);

        var open = RocksDbMemory.Measure();
        persistent.Close();
        var closed = RocksDbMemory.Measure();

        Assert.Equal(before.Stores + 1, open.Stores);
        Assert.InRange(open.MemtableBytes - before.MemtableBytes, 2048L * 1000, 4L << 20);
        Assert.Equal(before.Stores, closed.Stores);
        Assert.Equal(before.MemtableBytes, closed.MemtableBytes);
    }

    public void Dispose()
    {
        if (Directory.Exists(stateDir))
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }
}
