using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// Hands the C heap's free pages back to the kernel every <see cref="RuntimeOptions.NativeHeapTrimInterval"/>
/// (glibc's <c>malloc_trim(0)</c>), as OpenJDK's <c>-XX:TrimNativeHeapInterval</c> does for the JVM. librdkafka,
/// RocksDB and SQLite allocate and free through glibc's malloc, which keeps what is freed inside its arenas: a 30-minute
/// soak at 50,000 samples/s ended with 152 MiB kept free against 87 MiB after its first quarter (+65 MiB of RSS that
/// nothing used, bench/results.md). One trimmer per process, however many hosts it composes; off where the C library
/// has no <c>malloc_trim</c> (musl, macOS, Windows).
/// </summary>
public sealed class NativeHeapTrimmer(IOptions<RuntimeOptions> options, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    private static int running;

    /// <summary>Trims so far in this process, the resident bytes they returned and the time they took (what the soak prints).</summary>
    public static (long Trims, long ReleasedBytes, TimeSpan Duration) Totals =>
        (Interlocked.Read(ref trims), Interlocked.Read(ref releasedBytes), TimeSpan.FromTicks(Interlocked.Read(ref durationTicks)));

    private static long trims;
    private static long releasedBytes;
    private static long durationTicks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.NativeHeapTrimInterval;
        if (interval <= TimeSpan.Zero || !OperatingSystem.IsLinux() || Interlocked.Exchange(ref running, 1) == 1)
        {
            return;
        }
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!Trim())
                {
                    return;
                }
            }
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    /// <summary>One trim; false when this C library has none (then the trimmer stops, once, with a line saying so).</summary>
    private bool Trim()
    {
        var before = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        try
        {
            malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
            logger.LogInformation("The C library has no malloc_trim (not glibc): the native heap is not trimmed");
            return false;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        // RSS before less after: other threads allocating meanwhile make it an underestimate (the test asks the kernel
        // page by page instead).
        var released = Math.Max(0, before - Environment.WorkingSet);
        Interlocked.Increment(ref trims);
        Interlocked.Add(ref releasedBytes, released);
        Interlocked.Add(ref durationTicks, elapsed.Ticks);
        SplitstreamTelemetry.NativeHeapTrimmed.Add(released);
        SplitstreamTelemetry.NativeHeapTrimDuration.Record(elapsed.TotalSeconds);
        logger.LogDebug("Trimmed the native heap in {Milliseconds:0.0} ms: {ReleasedMiB:0.0} MiB returned", elapsed.TotalMilliseconds, released / 1048576.0);
        return true;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
