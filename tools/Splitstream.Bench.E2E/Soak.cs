using System.Globalization;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Bench.E2E;

/// <summary>
/// make bench-soak: the first offered rate (50,000/s by default) for <see cref="E2ESettings.SoakMinutes"/>, as back-to-back
/// stages of fresh activities (<see cref="E2ESettings.StageSeconds"/> each), every stage's activities stopped at its end
/// as finished workouts are. A stage's 1,000 activities hold 25 minutes of 1 Hz samples each, so the bench turns
/// activities over ~50 times faster than real workouts; a stopped activity leaves memory FinishedRetention after its
/// last record in wall-clock (stream) time, 1 h by default, which at this turnover would be 120 stages. The soak sets it
/// to 3 minutes (<see cref="Configuration"/>), so about seven stages are in memory once it has settled and a leak shows
/// as growth beyond that. After each stage: RSS and the live managed heap (after a full collection). Flat means the RSS at the end is within 10% of
/// the RSS after the first quarter (JIT, pools and caches have grown by then) and the least-squares slope over the last
/// three quarters extrapolates to under 10% per hour. The RSS is the pipeline's alone: the embedded platform runs in a
/// <see cref="PlatformProcess"/> of its own, since its mock brokers keep every record in memory until each partition
/// reaches their cap (what a real cluster keeps on its own disks). Beside RSS, each stage prints its anonymous and
/// file-backed parts, what the GC has committed beyond the live set, the platform process's anonymous memory and what
/// the embedded cluster holds (<see cref="ClusterHoldings"/>).
/// </summary>
public static class Soak
{
    /// <summary>The soak's configuration of the pipeline: stopped activities leave memory 3 minutes after their last record.</summary>
    public static IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Processors:ActivityMetrics:FinishedRetention"] = "00:03:00",
    };

    public static async Task RunAsync(E2ESettings settings, E2EBenchmark benchmark, InProcessPipeline pipeline)
    {
        var rate = settings.Rates[0];
        var until = TimeSpan.FromMinutes(settings.SoakMinutes).TotalSeconds;
        var points = new List<(double Minutes, double RssMiB, double HeapMiB, double? SummaryP99, ProcessMemory Memory, ClusterHoldings Cluster, double GcCommittedMiB, ProcessMemory? Platform, RocksDbMemoryUsage RocksDb, NativeHeap Native)>();
        var begin = benchmark.Uptime;
        Console.WriteLine($"soak: {rate:N0} samples/s for {settings.SoakMinutes:0.#} min in stages of {settings.StageSeconds:0} s");
        while (benchmark.Uptime - begin < until)
        {
            var stage = await benchmark.RunStageAsync(rate, settings.StageSeconds, $"soak {points.Count + 1}", stopActivities: true);
            var minutes = (benchmark.Uptime - begin) / 60;
            // The live managed set (after a full collection, between stages): RSS alone cannot tell a leak from the
            // server GC's budget growing.
            var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            // What the GC holds beyond the live set (its committed segments and their free space) is part of RSS too.
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            var memory = ProcessMemory.Read();
            var cluster = ClusterHoldings.Measure(pipeline.BootstrapServers);
            var platform = pipeline.PlatformProcess?.Memory();
            // Native memory RocksDB says it holds: outside the GC, so only RSS shows it otherwise.
            var rocksDb = RocksDbMemory.Measure();
            var native = NativeHeap.Read();
            // What the periodic malloc_trim has returned so far: mallinfo2 still counts those pages as free.
            var trimmed = NativeHeapTrimmer.Totals;
            points.Add((minutes, stage.ResidentBytes / 1048576.0, heap, stage.SummaryP99, memory, cluster, gc.TotalCommittedBytes / 1048576.0, platform, rocksDb, native));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t={minutes,5:0.0} min  RSS {stage.ResidentBytes / 1048576.0,7:0} MiB (anon {memory.AnonymousBytes / 1048576.0:0}, file {memory.FileBytes / 1048576.0:0})  heap {heap,7:0} MiB (GC committed {gc.TotalCommittedBytes / 1048576.0:0}, fragmented {gc.FragmentedBytes / 1048576.0:0})  RocksDB {rocksDb.Stores} stores: memtables {rocksDb.MemtableBytes / 1048576.0:0} MiB, table readers {rocksDb.TableReaderBytes / 1048576.0:0}, shared cache {rocksDb.CacheBytes / 1048576.0:0} of {rocksDb.CacheCapacityBytes / 1048576.0:0}  malloc in use {native.InUseBytes / 1048576.0:0} MiB, free {native.FreeBytes / 1048576.0:0}, SQLite {native.SqliteBytes / 1048576.0:0}, trimmed {trimmed.ReleasedBytes / 1048576.0:0} MiB in {trimmed.Trims} trims ({trimmed.Duration.TotalMilliseconds:0} ms)  platform process anon {(platform?.AnonymousBytes ?? 0) / 1048576.0:0} MiB, cluster {cluster.Records,11:N0} records ≈ {cluster.EstimatedBytes / 1048576.0,5:0} MiB ({cluster.EstimatedStoredBytes / 1048576.0,4:0} as lz4), {cluster.Capped}/{cluster.Partitions} partitions capped  accepted {stage.AcceptedRate,8:N0}/s  stored {stage.StoredRate ?? 0,8:N0}/s  ack→summary p99 {stage.SummaryP99 ?? double.NaN:0.00} s{(stage.Notes.Length > 0 ? "  " + stage.Notes : "")}"));
        }
        var quarter = points.Count / 4;
        var settled = points[Math.Min(quarter, points.Count - 1)];
        var last = points[^1];
        var tail = points.Skip(quarter).ToList();
        var slope = Slope(tail.Select(p => (p.Minutes, p.RssMiB)).ToList());
        var growth = (last.RssMiB - settled.RssMiB) / settled.RssMiB;
        var perHour = slope * 60 / settled.RssMiB;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS {settled.RssMiB:0} MiB at {settled.Minutes:0.0} min, {last.RssMiB:0} MiB at {last.Minutes:0.0} min ({growth:+0.0%;-0.0%}); slope {slope:0.00} MiB/min over the last three quarters ({perHour:+0.0%;-0.0%} per hour)"));
        Console.WriteLine(Math.Abs(growth) < 0.10 && perHour < 0.10 ? "RSS stays flat" : "RSS does NOT stay flat");
        TargetFigures.AtMost($"soak: RSS growth over {last.Minutes:0} min at {rate:N0}/s (from the end of the first quarter)", growth * 100, 10, "%",
            string.Create(CultureInfo.InvariantCulture, $"{settled.RssMiB:0} → {last.RssMiB:0} MiB"));
        TargetFigures.AtMost("soak: RSS trend over the last three quarters, per hour", perHour * 100, 10, "%",
            string.Create(CultureInfo.InvariantCulture, $"{slope:0.00} MiB/min"));
        TargetFigures.Report("soak: live managed heap (after a full GC), end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture, $"{settled.HeapMiB:0} → {last.HeapMiB:0} MiB"));
        TargetFigures.Report("soak: memory the GC has committed (live set, free space and budgets), end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture, $"{settled.GcCommittedMiB:0} → {last.GcCommittedMiB:0} MiB"));
        if (last.Platform is not null)
        {
            TargetFigures.Report("soak: the embedded platform's own process, anonymous memory, end of the first quarter → end",
                string.Create(CultureInfo.InvariantCulture, $"{settled.Platform!.AnonymousBytes / 1048576.0:0} → {last.Platform.AnonymousBytes / 1048576.0:0} MiB"));
        }
        TargetFigures.Report("soak: RocksDB's shared cache (memtables charged to it) and table readers (its own figures), end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture,
                $"{settled.RocksDb.TotalBytes / 1048576.0:0} → {last.RocksDb.TotalBytes / 1048576.0:0} MiB in {last.RocksDb.Stores} stores, budget {last.RocksDb.CacheCapacityBytes / 1048576.0:0} MiB (memtables {settled.RocksDb.MemtableBytes / 1048576.0:0} → {last.RocksDb.MemtableBytes / 1048576.0:0} MiB)"));
        TargetFigures.Report("soak: the C heap (glibc mallinfo2: in use / kept free; SQLite's share), end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture,
                $"in use {settled.Native.InUseBytes / 1048576.0:0} → {last.Native.InUseBytes / 1048576.0:0} MiB, free {settled.Native.FreeBytes / 1048576.0:0} → {last.Native.FreeBytes / 1048576.0:0} MiB, SQLite {settled.Native.SqliteBytes / 1048576.0:0} → {last.Native.SqliteBytes / 1048576.0:0} MiB"));
        TargetFigures.Report("soak: anonymous resident memory, end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture, $"{settled.Memory.AnonymousBytes / 1048576.0:0} → {last.Memory.AnonymousBytes / 1048576.0:0} MiB"));
        TargetFigures.Report("soak: records the embedded cluster holds in memory, end of the first quarter → end",
            string.Create(CultureInfo.InvariantCulture,
                $"{settled.Cluster.Records:N0} → {last.Cluster.Records:N0}, ≈ {settled.Cluster.EstimatedBytes / 1048576.0:0} → {last.Cluster.EstimatedBytes / 1048576.0:0} MiB uncompressed, ≈ {settled.Cluster.EstimatedStoredBytes / 1048576.0:0} → {last.Cluster.EstimatedStoredBytes / 1048576.0:0} MiB as stored (lz4) ({settled.Cluster.Capped} → {last.Cluster.Capped} of {last.Cluster.Partitions} partitions at the mock's cap)"));
    }

    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var den = points.Sum(p => (p.X - mx) * (p.X - mx));
        return den == 0 ? 0 : points.Sum(p => (p.X - mx) * (p.Y - my)) / den;
    }
}
