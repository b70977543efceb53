using System.Globalization;
using System.Text;
using Splitstream.Platform;

namespace Splitstream.Bench.E2E;

/// <summary>The printed (and written) report: stages with their figures, ratios to the raw produce baseline, and the CPU profile.</summary>
public static class ResultTable
{
    public static string StageLine(StageResult s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Label} (t={s.StartedAtSeconds:0} s) offered {s.OfferedRate,8:N0}/s: accepted {s.AcceptedRate,9:N0}/s, send→202 p50/p99 {Millis(s.RequestP50)}/{Millis(s.RequestP99)}, stored {Rate(s.StoredRate)}, summaries {Rate(s.SummaryRate)}, ack→stored p50/p99 {Delay(s.StoredP50)}/{Delay(s.StoredP99)}, ack→summary p50/p99 {Delay(s.SummaryP50)}/{Delay(s.SummaryP99)}, ack→standings p50/p99 {Delay(s.RaceP50)}/{Delay(s.RaceP99)}, {s.CoresBusy:0.00} cores busy, JIT {s.JitSeconds * 1000:0} ms / {s.JitMethods} methods (tiered compilation thread {s.TieredCompilationShare:P0} of CPU), GC pauses {s.GcPauseSeconds * 1000:0} ms, RSS {s.ResidentBytes / 1048576.0:0} MiB{(s.Notes.Length > 0 ? "; " + s.Notes : "")}");

    public static string Render(E2ESettings settings, IReadOnlyList<StageResult> warmUps, IReadOnlyList<StageResult> stages,
        IReadOnlyList<Baselines.Figure> baselines, MemoryFigures? memory)
    {
        var produce = baselines.Count > 0 ? baselines[0].SamplesPerSecond : double.NaN;
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line(settings.Instances != 1 ? $"## Scale-out: {settings.Instances} processors hosts, {settings.Instances} gateways (bench-scaleout)"
            : settings.Postgres ? "## End to end on PostgreSQL (bench-e2e-postgres)" : "## End to end (bench-e2e)");
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"One process: embedded cluster ({EmbeddedPlatform.DefaultBrokers} broker{(EmbeddedPlatform.DefaultBrokers == 1 ? "" : "s")}, 12 partitions), {settings.Instances} gateway(s) (Kestrel, Protobuf route, {settings.BatchSize} samples per batch, ≤ {settings.MaxInFlight} requests in flight, batch n to gateway n mod {settings.Instances}), {settings.Instances} processors host(s) (`AddProcessors`: sinks, and the topologies it hosts; one consumer group per topology across them) into one {(settings.Postgres ? "PostgreSQL store (a fresh database on the test server, whose processes share the machine's cores; \"cores busy\" counts this process only)" : "SQLite store")}. {settings.StageSeconds:0} s per offered rate, {settings.Activities} fresh activities per stage, the first {settings.Racers} of them racing each other in one race (each its own registered user). Rates are samples/s over the stage; \"stored\" and \"summaries\" run until the last batch of the stage is covered downstream. Delays are from the gateway's 202 to the store's newest point (probed every 200 ms), to the summary whose last_sample_ms covers the batch, or (racers' batches) to the race.standings.v1 record whose racer's last_sample_ms covers it. Before the measured stages, warm-up stages run until one compiles fewer than 100 methods (JIT is the compilers' time on all threads and the methods compiled); they are the first minute's figures."));
        Line("");
        Line("| stage | started at | offered/s | accepted/s | send→202 p50 / p99 | stored points/s | summaries/s | ack→stored p50 / p99 | ack→summary p50 / p99 | ack→standings p50 / p99 | stored ÷ raw produce | cores busy | JIT | GC pauses | RSS | notes |");
        Line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in warmUps.Concat(stages))
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Label} | {s.StartedAtSeconds:0} s | {s.OfferedRate:N0} | {s.AcceptedRate:N0} | {Millis(s.RequestP50)} / {Millis(s.RequestP99)} | {Rate(s.StoredRate)} | {Rate(s.SummaryRate)} | {Delay(s.StoredP50)} / {Delay(s.StoredP99)} | {Delay(s.SummaryP50)} / {Delay(s.SummaryP99)} | {Delay(s.RaceP50)} / {Delay(s.RaceP99)} | {(s.StoredRate is { } r && baselines.Count > 0 ? (r / produce).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} | {s.CoresBusy:0.00} | {s.JitSeconds * 1000:0} ms, {s.JitMethods} methods ({s.TieredCompilationShare:P0} of CPU) | {s.GcPauseSeconds * 1000:0} ms | {s.ResidentBytes / 1048576.0:0} MiB | {s.Notes} |"));
        }
        Line("");
        if (memory is { } m)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"Memory (after a full collection, idle): {MemoryFigures.Mib(m.RssPerThousandActivities)} resident per 1,000 live activities ({m.PerThousandActivities.Parts()}); {MemoryFigures.MedianAndPairs(m.RssPerHundredRaces)} resident ({MemoryFigures.MedianAndPairs(m.HeapPerHundredRaces)} managed heap) per 100 live races of 10 racers beyond their activities' own. RSS moves in the runtime's and RocksDB's allocation steps by more than 100 races hold: the races' figure is the median of pairs (raced activities and as many without a race, in alternating order), and the pairs' spread says how coarse it is."));
            Line("");
        }
        Line("Baselines (same records, same cluster, same run):");
        Line("");
        Line("| baseline | samples/s | ÷ raw produce | notes |");
        Line("|---|---|---|---|");
        foreach (var b in baselines)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"| {b.Name} | {b.SamplesPerSecond:N0} | {b.SamplesPerSecond / produce:0.00} | {b.Notes} |"));
        }
        Line("");
        Line("Where the time goes: CPU seconds per thread group during each stage (from /proc/self/task; top 8).");
        Line("");
        foreach (var s in warmUps.Concat(stages))
        {
            var total = s.CpuByThreadGroup.Values.Sum();
            var top = s.CpuByThreadGroup.OrderByDescending(g => g.Value).Take(8)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value:0.0} s ({g.Value / Math.Max(total, 1e-9):P0})"));
            Line(string.Create(CultureInfo.InvariantCulture, $"- {s.Label}, {s.OfferedRate:N0}/s ({total:0.0} CPU-s; GC paused {s.GcPauseSeconds * 1000:0} ms, JIT {s.JitSeconds * 1000:0} ms): {string.Join(", ", top)}"));
        }
        Line("");
        Line("Where the sinks' threads spend the stage (wall-clock seconds per phase of the consume → decode → write → commit loop) and the SQLite write gate.");
        Line("");
        foreach (var s in warmUps.Concat(stages).Where(s => s.StoreWrites is not null))
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"- {s.Label}, {s.OfferedRate:N0}/s: {s.StoreWrites}"));
        }
        return text.ToString();
    }

    private static string Rate(double? rate) => rate is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    private static string Delay(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "n/a";

    private static string Millis(double? seconds) => seconds is { } s ? (s * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
