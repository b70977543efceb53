namespace Splitstream.Streams;

/// <summary>The open RocksDB stores of a process and the native memory RocksDB says they hold (see <see cref="RocksDbMemory"/>).</summary>
/// <param name="BlockCacheBytes">Summed per store: right while each store has its own cache (RocksDB's default).</param>
public sealed record RocksDbMemoryUsage(int Stores, long MemtableBytes, long TableReaderBytes, long BlockCacheBytes)
{
    public long TotalBytes => MemtableBytes + TableReaderBytes + BlockCacheBytes;
}
