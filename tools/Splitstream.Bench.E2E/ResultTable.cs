using System.Globalization;
using System.Text;

namespace Splitstream.Bench.E2E;

/// <summary>The printed (and written) report: stages with their figures, ratios to the raw produce baseline, and the CPU profile.</summary>
public static class ResultTable
{
    public static string StageLine(StageResult s) => string.Create(CultureInfo.InvariantCulture,
        $"offered {s.OfferedRate,8:N0}/s: accepted {s.AcceptedRate,9:N0}/s, stored {Rate(s.StoredRate)}, summaries {Rate(s.SummaryRate)}, ack→stored p50/p99 {Delay(s.StoredP50)}/{Delay(s.StoredP99)}, ack→summary p50/p99 {Delay(s.SummaryP50)}/{Delay(s.SummaryP99)}, {s.CoresBusy:0.00} cores busy{(s.Notes.Length > 0 ? "; " + s.Notes : "")}");

    public static string Render(E2ESettings settings, IReadOnlyList<StageResult> stages, IReadOnlyList<Baselines.Figure> baselines)
    {
        var produce = baselines[0].SamplesPerSecond;
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("## End to end (bench-e2e)");
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"One process: embedded cluster (3 brokers, 12 partitions), gateway (Kestrel, Protobuf route, {settings.BatchSize} samples per batch, ≤ {settings.MaxInFlight} requests in flight), processors host (`AddProcessors`: sinks, and the topologies it hosts) into SQLite. {settings.StageSeconds:0} s per offered rate, {settings.Activities} fresh activities per stage. Rates are samples/s over the stage; \"stored\" and \"summaries\" run until the last batch of the stage is covered downstream. Delays are from the gateway's 202 to the store's newest point (probed every 200 ms) or to the summary whose last_sample_ms covers the batch."));
        Line("");
        Line("| offered/s | accepted/s | stored points/s | summaries/s | ack→stored p50 / p99 | ack→summary p50 / p99 | stored ÷ raw produce | cores busy | notes |");
        Line("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in stages)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"| {s.OfferedRate:N0} | {s.AcceptedRate:N0} | {Rate(s.StoredRate)} | {Rate(s.SummaryRate)} | {Delay(s.StoredP50)} / {Delay(s.StoredP99)} | {Delay(s.SummaryP50)} / {Delay(s.SummaryP99)} | {(s.StoredRate is { } r ? (r / produce).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} | {s.CoresBusy:0.00} | {s.Notes} |"));
        }
        Line("");
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
        foreach (var s in stages)
        {
            var total = s.CpuByThreadGroup.Values.Sum();
            var top = s.CpuByThreadGroup.OrderByDescending(g => g.Value).Take(8)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value:0.0} s ({g.Value / Math.Max(total, 1e-9):P0})"));
            Line(string.Create(CultureInfo.InvariantCulture, $"- {s.OfferedRate:N0}/s ({total:0.0} CPU-s): {string.Join(", ", top)}"));
        }
        return text.ToString();
    }

    private static string Rate(double? rate) => rate is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    private static string Delay(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "n/a";
}
