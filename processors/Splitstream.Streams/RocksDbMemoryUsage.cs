namespace Splitstream.Streams;

/// <summary>The open RocksDB stores of a process and the native memory RocksDB says they hold (see <see cref="RocksDbMemory"/>).</summary>
/// <param name="MemtableBytes">Summed per store; the shared cache's usage counts them too (the write-buffer manager charges them to it).</param>
/// <param name="TableReaderBytes">Summed per store: what table readers hold outside the cache (indexes and filters live in the cache).</param>
/// <param name="CacheBytes">The shared cache's usage, counted once (<see cref="RocksDbSharedMemory"/>): blocks, indexes, filters and the memtables' charge.</param>
/// <param name="CacheCapacityBytes">The shared cache's capacity, the process's budget for all of the above.</param>
public sealed record RocksDbMemoryUsage(int Stores, long MemtableBytes, long TableReaderBytes, long CacheBytes, long CacheCapacityBytes)
{
    /// <summary>The cache (memtables included) and what table readers hold beside it.</summary>
    public long TotalBytes => CacheBytes + TableReaderBytes;
}
