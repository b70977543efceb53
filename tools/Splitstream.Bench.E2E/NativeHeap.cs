using System.Runtime.InteropServices;

namespace Splitstream.Bench.E2E;

/// <summary>
/// The process's C heap as glibc's allocator and SQLite count it: what native code (librdkafka, RocksDB, SQLite) holds
/// in malloc'd blocks, what the allocator keeps free without returning it, and SQLite's own share. The soak's RSS grew
/// by more than the GC and RocksDB account for; these say whether the rest is held or fragmentation.
/// </summary>
/// <param name="InUseBytes">mallinfo2: bytes in allocated blocks (arenas and mmapped chunks).</param>
/// <param name="FreeBytes">mallinfo2: free bytes the arenas keep (fragmentation and retained space).</param>
/// <param name="SqliteBytes">sqlite3_memory_used: SQLite's allocations (page caches, statements, schemas).</param>
public sealed record NativeHeap(long InUseBytes, long FreeBytes, long SqliteBytes)
{
    public static NativeHeap Read()
    {
        var info = mallinfo2();
        return new NativeHeap((long)(info.uordblks + info.hblkhd), (long)info.fordblks, SQLitePCL.raw.sqlite3_memory_used());
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();
}
