using RocksDbSharp;

namespace Splitstream.Streams;

/// <summary>
/// What the process's open RocksDB stores hold in native memory, from RocksDB's own figures: memtables (writes not yet
/// flushed to a table file) and table readers summed per store, and the one shared cache (<see cref="RocksDbSharedMemory"/>)
/// counted once. It is outside the GC, so neither the managed heap nor the GC's committed memory shows it; the soak
/// prints it per stage.
/// </summary>
public static class RocksDbMemory
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<RocksDb> Open = [];

    /// <summary>Sums the properties over every store open now (a store closing waits for this, so none is read disposed).</summary>
    public static RocksDbMemoryUsage Measure()
    {
        lock (Gate)
        {
            long memtables = 0, tableReaders = 0;
            foreach (var db in Open)
            {
                memtables += Property(db, "rocksdb.cur-size-all-mem-tables");
                tableReaders += Property(db, "rocksdb.estimate-table-readers-mem");
            }
            // Every store reports the shared cache as its own "block-cache-usage": it is read once, from the cache.
            var cache = RocksDbSharedMemory.Cache();
            return new RocksDbMemoryUsage(Open.Count, memtables, tableReaders, cache.UsageBytes, cache.CapacityBytes);
        }
    }

    internal static void Track(RocksDb db)
    {
        lock (Gate)
        {
            Open.Add(db);
        }
    }

    internal static void Untrack(RocksDb db)
    {
        lock (Gate)
        {
            Open.Remove(db);
        }
    }

    private static long Property(RocksDb db, string name) => long.TryParse(db.GetProperty(name), out var value) ? value : 0;
}
