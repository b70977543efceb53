namespace Splitstream.Streams;

/// <summary>
/// What all RocksDB stores of a process may hold in native memory together (<see cref="RocksDbSharedMemory"/>):
/// <paramref name="CacheBytes"/> for the shared block cache, which also holds indexes, filters and the memtables charged
/// to it, of which <paramref name="MemtableBytes"/> for memtables before the store being written flushes.
/// </summary>
public sealed record RocksDbMemoryBudget(long CacheBytes, long MemtableBytes)
{
    /// <summary>
    /// 96 MiB in all, 48 of it for memtables: a 30-minute soak at 50,000 samples/s held ~35 MiB of memtables across its
    /// 24 stores and ~95 MiB of blocks and indexes when each store had its own cache (and still rising).
    /// </summary>
    public static RocksDbMemoryBudget Default { get; } = new(96L << 20, 48L << 20);

    /// <summary>Checks the two figures make sense together (memtables get a part of the cache, not more).</summary>
    public RocksDbMemoryBudget Validate()
    {
        if (CacheBytes < 8L << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheBytes), CacheBytes, "the RocksDB cache needs at least 8 MiB");
        }
        if (MemtableBytes < 4L << 20 || MemtableBytes > CacheBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MemtableBytes), MemtableBytes, "the memtable budget is at least 4 MiB and at most the cache");
        }
        return this;
    }
}
