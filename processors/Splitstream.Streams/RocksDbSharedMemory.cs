using RocksDbSharp;

namespace Splitstream.Streams;

/// <summary>
/// One memory budget for every RocksDB store of the process, as Kafka Streams' bounded-memory configuration
/// (<c>BoundedMemoryRocksDBConfig</c>) sets it up: one LRU block cache shared by all stores, holding the data blocks,
/// the index and filter blocks (with high priority, so data blocks are evicted first; level-0's pinned) and, through one
/// write-buffer manager charged to the same cache, the memtables. Without it each store had RocksDB's own default cache
/// and kept its indexes outside any cache, so the native memory of a process grew with its tasks and its table files:
/// ~3.4 MiB/min over a 30-minute soak at 50,000 samples/s, still rising at the end (bench/results.md).
/// </summary>
/// <remarks>
/// The cache is not strict (an insert beyond the capacity succeeds, as Kafka Streams has it): a strict cache fails reads
/// when pinned blocks fill it. The write-buffer manager only triggers flushes (no stalls): when the memtables of all
/// stores reach <see cref="RocksDbMemoryBudget.MemtableBytes"/>, the store being written flushes its memtable.
/// </remarks>
public static class RocksDbSharedMemory
{
    private static readonly Lock Gate = new();
    private static RocksDbMemoryBudget budget = RocksDbMemoryBudget.Default;
    private static Cache? cache;
    private static IntPtr writeBufferManager;

    /// <summary>The budget stores opened from now on share (the defaults until <see cref="Configure"/>).</summary>
    public static RocksDbMemoryBudget Budget
    {
        get
        {
            lock (Gate)
            {
                return budget;
            }
        }
    }

    /// <summary>
    /// Sets the process's budget. Only before the first store opens: the cache and the write-buffer manager are made
    /// once and every store holds them. The same budget again is a no-op (every host of a process composes it).
    /// </summary>
    public static void Configure(RocksDbMemoryBudget value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (Gate)
        {
            value.Validate();
            if (value == budget)
            {
                return;
            }
            if (cache is not null)
            {
                throw new InvalidOperationException(
                    $"the RocksDB memory budget is fixed once a store has opened ({budget}); {value} came too late");
            }
            budget = value;
        }
    }

    /// <summary>The shared cache's capacity and what it holds now (memtables charged to it included); zero before the first store opens.</summary>
    public static (long CapacityBytes, long UsageBytes) Cache()
    {
        lock (Gate)
        {
            return cache is null ? (budget.CacheBytes, 0) : (budget.CacheBytes, (long)cache.GetUsage());
        }
    }

    /// <summary>Gives a store's options the shared cache, the block-based table settings that put indexes and filters in it, and the shared write-buffer manager.</summary>
    internal static void Apply(DbOptions options)
    {
        lock (Gate)
        {
            if (cache is null)
            {
                cache = RocksDbSharp.Cache.CreateLru((ulong)budget.CacheBytes);
                // allow_stall = false: past the budget a store flushes, it never blocks the stream thread.
                writeBufferManager = Native.Instance.rocksdb_write_buffer_manager_create_with_cache((UIntPtr)(ulong)budget.MemtableBytes, cache.Handle, 0);
            }
            var table = new BlockBasedTableOptions()
                .SetBlockCache(cache)
                .SetCacheIndexAndFilterBlocks(true)
                .SetPinL0FilterAndIndexBlocksInCache(true)
                // Most reads of a new activity's key miss: a bloom filter answers those without reading a data block.
                .SetFilterPolicy(BloomFilterPolicy.Create(10, false));
            Native.Instance.rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(table.Handle, 1);
            options.SetBlockBasedTableFactory(table);
            Native.Instance.rocksdb_options_set_write_buffer_manager(options.Handle, writeBufferManager);
        }
    }
}
