using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The periodic trim of the C heap: memory native code freed, which glibc keeps inside its arenas, goes back to the
/// kernel within a trim interval; with the interval at zero nothing is trimmed. Runs alone: the trimmer is one per process.
/// </summary>
[Collection(NativeHeapCollection.Name)]
public sealed class NativeHeapTrimmerTests
{
    private const int BlockBytes = 32 * 1024;
    private const int Blocks = 2048; // 64 MiB in blocks under the mmap threshold, so they come from an arena
    private const int ENOMEM = 12;
    private const int Holes = 20_000;

    [Fact]
    public async Task Native_memory_freed_inside_the_heap_goes_back_to_the_kernel_within_a_trim_interval()
    {
        var trimmer = new NativeHeapTrimmer(Options.Create(new RuntimeOptions { NativeHeapTrimInterval = TimeSpan.FromMilliseconds(200) }), NullLogger<NativeHeapTrimmer>.Instance);
        // Which of the freed blocks' pages are resident, asked of the kernel page by page (mincore): other threads of
        // the test process allocate and free too, so the process's RSS alone can't tell what the trim did. Another
        // test's host trimming the process's heap meanwhile (ci59: 777 of 14,314 pages left before this trim) spoils
        // the set-up, which is then made again.
        var (freed, kept) = FreeInsideTheHeap();
        var residentBefore = ResidentPages(freed);
        for (var attempt = 1; attempt < 3 && residentBefore.Resident < residentBefore.Pages * 9 / 10; attempt++)
        {
            Array.ForEach(kept, Marshal.FreeHGlobal);
            (freed, kept) = FreeInsideTheHeap();
            residentBefore = ResidentPages(freed);
        }
        try
        {
            var before = NativeHeapTrimmer.Totals;
            await trimmer.StartAsync(CancellationToken.None);
            var after = await TrimsAfter(before.Trims, TimeSpan.FromSeconds(10));
            await trimmer.StopAsync(CancellationToken.None);
            var residentAfter = ResidentPages(freed);

            Assert.True(residentBefore.Resident >= residentBefore.Pages * 9 / 10,
                $"free() alone kept {residentBefore.Resident} of the {residentBefore.Pages} freed pages resident");
            Assert.True(residentAfter.Resident <= residentAfter.Pages / 4,
                $"after the trim {residentAfter.Resident} of the {residentAfter.Pages} freed pages are still resident");
            Assert.True(after.ReleasedBytes > before.ReleasedBytes, "the trimmer counted nothing returned");
        }
        finally
        {
            Array.ForEach(kept, Marshal.FreeHGlobal);
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
    /// Mallocs 64 MiB in small blocks, each followed by a fence block of the same size, touches the blocks and frees
    /// them: glibc keeps the freed blocks (none is the arena's top, which is all free() gives back by itself). Returns
    /// the freed blocks' addresses (to ask which of their pages are resident) and what is still allocated (to free at
    /// the end). The fences are as large as the blocks so that glibc serves both from the same place, one after the
    /// other: a small fence would be carved from any small free chunk elsewhere in the heap, leaving the blocks
    /// adjacent, and freed adjacent blocks coalesce into the arena's top, which free() itself returns to the kernel
    /// (ci73: "free() alone kept 455 of the 14312 freed pages resident", after other tests had left such chunks). So
    /// that the set-up can't depend on what the process freed before, it first leaves small free chunks itself.
    /// </summary>
    private static (nint[] Freed, nint[] Kept) FreeInsideTheHeap()
    {
        var holesKept = SmallFreeChunks();
        var blocks = new nint[Blocks];
        var fences = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            // Marshal.AllocHGlobal is malloc on Unix; a byte per page makes every page resident.
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            fences[i] = Marshal.AllocHGlobal(BlockBytes);
            for (var offset = 0; offset < BlockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 0x5a);
            }
        }
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }
        return (blocks, [.. fences, .. holesKept]);
    }

    /// <summary>
    /// Leaves small free chunks all over the heap, as a process that has run other tests has them: every other one of
    /// 20,000 200-byte allocations is freed (enough for every fence were the fences small). Returns the ones kept.
    /// </summary>
    private static nint[] SmallFreeChunks()
    {
        var chunks = new nint[Holes];
        for (var i = 0; i < Holes; i++)
        {
            chunks[i] = Marshal.AllocHGlobal(200);
        }
        var kept = new nint[Holes / 2];
        for (var i = 0; i < Holes; i++)
        {
            if (i % 2 == 0)
            {
                Marshal.FreeHGlobal(chunks[i]);
            }
            else
            {
                kept[i / 2] = chunks[i];
            }
        }
        return kept;
    }

    /// <summary>
    /// The whole pages inside the freed blocks and how many of them are resident. The first 64 bytes of a block are
    /// left out: a free chunk keeps its list pointers there, so that page is never handed back.
    /// </summary>
    private static (long Pages, long Resident) ResidentPages(nint[] blocks)
    {
        long page = Environment.SystemPageSize, pages = 0, resident = 0;
        foreach (var block in blocks)
        {
            var first = (block + 64 + page - 1) / page * page;
            var end = (block + BlockBytes) / page * page;
            if (end <= first)
            {
                continue;
            }
            var vector = new byte[(end - first) / page];
            pages += vector.Length;
            if (mincore((nint)first, (nuint)(end - first), vector) == 0)
            {
                resident += vector.Count(v => (v & 1) != 0);
                continue;
            }
            // ENOMEM: part of the range is no longer mapped (glibc unmapped a heap it trimmed whole): page by page, an
            // unmapped page is not resident.
            Assert.Equal(ENOMEM, Marshal.GetLastPInvokeError());
            var one = new byte[1];
            for (var address = first; address < end; address += page)
            {
                if (mincore((nint)address, (nuint)page, one) == 0)
                {
                    resident += one[0] & 1;
                }
                else
                {
                    Assert.Equal(ENOMEM, Marshal.GetLastPInvokeError());
                }
            }
        }
        return (pages, resident);
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

    [DllImport("libc", SetLastError = true)]
    private static extern int mincore(nint address, nuint length, byte[] vector);
}
