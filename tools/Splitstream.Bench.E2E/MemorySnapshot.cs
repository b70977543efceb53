using System.Globalization;
using Splitstream.Streams;

namespace Splitstream.Bench.E2E;

/// <summary>
/// What the process's resident memory is made of at one settled moment, as far as each part can say: file-backed pages
/// (code, mapped files; the kernel can drop them), the live managed heap and what the GC has committed around it,
/// SQLite's allocations (page caches, statements), RocksDB's (its shared cache with the memtables, and table readers),
/// the C heap in use (glibc's count: SQLite, RocksDB, librdkafka and the embedded cluster's records are all in it), and
/// what the embedded cluster holds (<see cref="ClusterHoldings"/>, estimated as the mock brokers keep it, LZ4; a
/// development-cluster cost a real cluster keeps elsewhere). Differences of two snapshots say where a growth went.
/// </summary>
public sealed record MemorySnapshot(double ResidentBytes, double FileBackedBytes, double HeapBytes, double GcCommittedBytes,
    double SqliteBytes, double RocksDbBytes, double MallocInUseBytes, double ClusterBytes)
{
    /// <summary>
    /// Compacts the managed heap and gives its free segments back first (server GC otherwise keeps what it grew to, and
    /// RSS says more about the last burst than what is live); the cluster is measured before that, since its probe
    /// allocates. <paramref name="bootstrapServers"/> null skips the cluster (it takes seconds per topic).
    /// </summary>
    public static MemorySnapshot Settle(string? bootstrapServers)
    {
        var cluster = bootstrapServers is null ? 0 : ClusterHoldings.Measure(bootstrapServers).EstimatedStoredBytes;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Thread.Sleep(2_000);
        var native = NativeHeap.Read();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return new MemorySnapshot(Environment.WorkingSet, ProcessMemory.Read().FileBytes, heap,
            GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes, native.SqliteBytes, RocksDbMemory.Measure().TotalBytes, native.InUseBytes, cluster);
    }

    public MemorySnapshot Minus(MemorySnapshot before) => new(ResidentBytes - before.ResidentBytes,
        FileBackedBytes - before.FileBackedBytes, HeapBytes - before.HeapBytes, GcCommittedBytes - before.GcCommittedBytes,
        SqliteBytes - before.SqliteBytes, RocksDbBytes - before.RocksDbBytes, MallocInUseBytes - before.MallocInUseBytes,
        ClusterBytes - before.ClusterBytes);

    public MemorySnapshot Times(double factor) => new(ResidentBytes * factor, FileBackedBytes * factor, HeapBytes * factor,
        GcCommittedBytes * factor, SqliteBytes * factor, RocksDbBytes * factor, MallocInUseBytes * factor, ClusterBytes * factor);

    /// <summary>"file-backed …, managed heap … (GC committed …), C heap in use … (SQLite …, RocksDB …, the embedded cluster's records ≈ …)", in MiB.</summary>
    public string Parts() => string.Create(CultureInfo.InvariantCulture,
        $"file-backed {MemoryFigures.Mib(FileBackedBytes)}, managed heap {MemoryFigures.Mib(HeapBytes)} (the GC's committed memory {MemoryFigures.Mib(GcCommittedBytes)}), C heap in use {MemoryFigures.Mib(MallocInUseBytes)} (of it SQLite {MemoryFigures.Mib(SqliteBytes)}, RocksDB {MemoryFigures.Mib(RocksDbBytes)}, the embedded cluster's records ≈ {MemoryFigures.Mib(ClusterBytes)})");
}
