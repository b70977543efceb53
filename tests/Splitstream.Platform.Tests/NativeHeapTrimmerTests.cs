using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The periodic trim of the C heap: memory native code freed, which glibc keeps inside its arenas, goes back to the
/// kernel within a trim interval; with the interval at zero nothing is trimmed. Runs alone: it reads the process's RSS.
/// </summary>
[Collection(NativeHeapCollection.Name)]
public sealed class NativeHeapTrimmerTests
{
    private const int BlockBytes = 32 * 1024;
    private const int Blocks = 2048; // 64 MiB in blocks under the mmap threshold, so they come from an arena

    [Fact]
    public async Task Native_memory_freed_inside_the_heap_goes_back_to_the_kernel_within_a_trim_interval()
    {
        var trimmer = new NativeHeapTrimmer(Options.Create(new RuntimeOptions { NativeHeapTrimInterval = TimeSpan.FromMilliseconds(200) }), NullLogger<NativeHeapTrimmer>.Instance);
        var held = FreeInsideTheHeap();
        try
        {
            var residentWithFreePages = ResidentBytes();
            var before = NativeHeapTrimmer.Totals;
            await trimmer.StartAsync(CancellationToken.None);
            var after = await TrimsAfter(before.Trims, TimeSpan.FromSeconds(10));
            await trimmer.StopAsync(CancellationToken.None);

            Assert.True(after.ReleasedBytes - before.ReleasedBytes >= 48L << 20,
                $"the trims returned {(after.ReleasedBytes - before.ReleasedBytes) / 1048576.0:0.0} MiB of the 64 MiB freed");
            Assert.True(residentWithFreePages - ResidentBytes() >= 48L << 20,
                $"RSS went {residentWithFreePages / 1048576.0:0} → {ResidentBytes() / 1048576.0:0} MiB");
        }
        finally
        {
            Array.ForEach(held, Marshal.FreeHGlobal);
        }
    }

    [Fact]
    public async Task An_interval_of_zero_trims_nothing()
    {
        var trimmer = new NativeHeapTrimmer(Options.Create(new RuntimeOptions { NativeHeapTrimInterval = TimeSpan.Zero }), NullLogger<NativeHeapTrimmer>.Instance);
        var before = NativeHeapTrimmer.Totals;

        await trimmer.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(600), CancellationToken.None);
        await trimmer.StopAsync(CancellationToken.None);

        Assert.Equal(before, NativeHeapTrimmer.Totals);
    }

    /// <summary>
    /// Mallocs 64 MiB in small blocks, each followed by a small fence block, touches them and frees the blocks: glibc
    /// keeps the freed blocks (none is the arena's top, which is all free() gives back by itself). Returns the fences.
    /// </summary>
    private static nint[] FreeInsideTheHeap()
    {
        var blocks = new nint[Blocks];
        var fences = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            // Marshal.AllocHGlobal is malloc on Unix; a byte per page makes every page resident.
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            fences[i] = Marshal.AllocHGlobal(64);
            for (var offset = 0; offset < BlockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 0x5a);
            }
        }
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }
        return fences;
    }

    private static async Task<(long Trims, long ReleasedBytes, TimeSpan Duration)> TrimsAfter(long trims, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (NativeHeapTrimmer.Totals.Trims <= trims)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no trim within {timeout}");
            await Task.Delay(50, CancellationToken.None);
        }
        return NativeHeapTrimmer.Totals;
    }

    private static long ResidentBytes() =>
        long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
}
