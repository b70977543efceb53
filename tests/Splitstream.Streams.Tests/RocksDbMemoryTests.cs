namespace Splitstream.Streams.Tests;

/// <summary>
/// The soak's account of RocksDB's native memory and the one budget all stores share: every open store is counted,
/// with what its memtables hold, and a closed one no longer; every store uses the one shared cache, which holds the
/// memtables' charge, indexes and filters, and stays within its capacity however much is read.
/// </summary>
[Collection(RocksDbMemoryCollection.Name)]
public sealed class RocksDbMemoryTests : IDisposable
{
    private readonly string stateDir = Path.Combine(Path.GetTempPath(), "splitstream-rocksdb-memory-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void An_open_store_counts_with_the_writes_its_memtable_holds_and_a_closed_one_no_longer()
    {
        var before = RocksDbMemory.Measure();
        using var store = Open("memory");
        // 2 MiB of values: under the 4 MiB write buffer, so all of it stays in the memtable.
        var value = new string('x', 1000);
        for (var i = 0; i < 2048; i++)
        {
            store.Put("k" + i, value);
        }
        ((IRestorableStore)store).Flush(streamTime: 0);

        var open = RocksDbMemory.Measure();
        ((IPersistentStore)store).Close();
        var closed = RocksDbMemory.Measure();

        Assert.Equal(before.Stores + 1, open.Stores);
        Assert.InRange(open.MemtableBytes - before.MemtableBytes, 2048L * 1000, 4L << 20);
        // The write-buffer manager charges the memtable to the shared cache.
        Assert.True(open.CacheBytes - before.CacheBytes >= 2048L * 1000,
            $"the cache grew by {open.CacheBytes - before.CacheBytes} bytes for a memtable of {open.MemtableBytes - before.MemtableBytes}");
        Assert.Equal(before.Stores, closed.Stores);
        Assert.Equal(before.MemtableBytes, closed.MemtableBytes);
    }

    [Fact]
    public void Every_store_reads_through_the_one_shared_cache_which_stays_within_its_capacity_however_much_is_read()
    {
        var budget = RocksDbSharedMemory.Budget;
        // More incompressible data than the whole cache, in three stores, read back in full after a reopen (which
        // flushes the recovered memtables to table files, so the reads go through the block cache).
        var perStore = (int)(budget.CacheBytes / 4096 / 2);
        var names = new[] { "a", "b", "c" };
        var random = new Random(7);
        foreach (var name in names)
        {
            using var store = Open(name);
            for (var i = 0; i < perStore; i++)
            {
                store.Put($"k{i:D8}", Convert.ToBase64String(RandomBytes(random, 3072)));
            }
            ((IRestorableStore)store).Flush(streamTime: 0);
        }
        var stores = names.Select(Open).ToList();
        try
        {
            var peak = 0L;
            foreach (var store in stores)
            {
                Assert.Equal(perStore, store.All().Count());
                peak = Math.Max(peak, RocksDbMemory.Measure().CacheBytes);
            }
            var usage = RocksDbMemory.Measure();

            foreach (var store in stores)
            {
                Assert.Equal(budget.CacheBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), store.Property("rocksdb.block-cache-capacity"));
            }
            Assert.Equal(budget.CacheBytes, usage.CacheCapacityBytes);
            // 1.5 × the cache was read: the cache filled, and eviction held it at its capacity (not strict: a block
            // being read may overshoot by a little).
            Assert.InRange(peak, budget.CacheBytes / 2, budget.CacheBytes + (1L << 20));
            // Indexes and filters live in the cache, not beside it in the table readers.
            Assert.True(usage.TableReaderBytes < 1L << 20, $"table readers hold {usage.TableReaderBytes} bytes outside the cache");
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void The_budget_is_fixed_once_a_store_has_opened()
    {
        using var store = Open("fixed");
        var budget = RocksDbSharedMemory.Budget;

        RocksDbSharedMemory.Configure(budget);
        var error = Assert.Throws<InvalidOperationException>(() => RocksDbSharedMemory.Configure(budget with { CacheBytes = budget.CacheBytes * 2 }));

        Assert.Contains("fixed once a store has opened", error.Message);
        Assert.Equal(budget, RocksDbSharedMemory.Budget);
    }

    [Theory]
    [InlineData(4, 4, "CacheBytes")]
    [InlineData(64, 2, "MemtableBytes")]
    [InlineData(64, 128, "MemtableBytes")]
    public void A_budget_that_makes_no_sense_is_refused_naming_the_figure(long cacheMiB, long memtableMiB, string figure)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RocksDbMemoryBudget(cacheMiB << 20, memtableMiB << 20).Validate());

        Assert.Equal(figure, error.ParamName);
    }

    public void Dispose()
    {
        if (Directory.Exists(stateDir))
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private RocksDbKeyValueStore<string, string> Open(string name)
    {
        var store = new RocksDbKeyValueStore<string, string>(name, Serdes.String, Serdes.String, logged: false);
        ((IPersistentStore)store).Open(Path.Combine(stateDir, name));
        return store;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
