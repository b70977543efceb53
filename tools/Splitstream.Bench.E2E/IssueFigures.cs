using System.Globalization;

namespace Splitstream.Bench.E2E;

/// <summary>The end-to-end figures of issue #16, each against its target (<see cref="TargetFigures"/> rows).</summary>
public static class IssueFigures
{
    private const int DelayRate = 50_000;
    /// <summary>The rate #16 asks to sustain; 98% of it downstream counts as keeping up.</summary>
    public const int SustainedRate = 150_000;

    public static void Print(E2ESettings settings, IReadOnlyList<StageResult> warmUps, IReadOnlyList<StageResult> stages,
        StageResult? held, IReadOnlyList<Baselines.Figure> baselines, MemoryFigures? memory)
    {
        var shape = (settings.Instances == 1 ? "e2e" : $"scale-out ({settings.Instances} processors, {settings.Instances} gateways)")
            + (settings.Postgres ? " on PostgreSQL" : "");
        if (stages.FirstOrDefault(s => s.OfferedRate == DelayRate) is { } at50)
        {
            Delay($"{shape}: ack→summary p99 at 50,000/s", at50.SummaryP99, at50.SummaryP50);
            Delay($"{shape}: ack→race-standings p99 at 50,000/s ({settings.Racers} racers)", at50.RaceP99, at50.RaceP50);
        }
        var firstMinute = warmUps.Where(s => s.StartedAtSeconds < 60).ToList();
        if (firstMinute.Count > 0)
        {
            var worst = firstMinute.MaxBy(s => s.SummaryP99 ?? double.MaxValue)!;
            TargetFigures.Report($"{shape}: first minute (warm-up stages started before 60 s), worst ack→summary p99",
                $"{Seconds(worst.SummaryP99)} ({worst.Label}, JIT {firstMinute.Sum(s => s.JitSeconds) * 1000:0} ms in the first minute)",
                $"settled: {Seconds(warmUps[^1].SummaryP99)} ({warmUps[^1].Label})");
        }
        var produce = baselines.FirstOrDefault()?.SamplesPerSecond;
        var decode = baselines.Skip(1).FirstOrDefault()?.SamplesPerSecond;
        // Sustained means both downstream stages keep up with what was accepted: 98% of the offered rate, over the held
        // stage when there is one; an ordinary stage's figure is then reported beside it.
        const string Slower = "slower of stored points and summaries; baseline raw consume + decode";
        var at150 = stages.FirstOrDefault(s => s.OfferedRate == SustainedRate);
        if ((held ?? at150) is { } sustained)
        {
            var heldFor = held is null ? "" : $", held {settings.HoldSeconds:0} s";
            TargetFigures.AtLeast($"{shape}: sustained at 150,000/s offered{heldFor} ({Slower})",
                SlowerOf(sustained), 0.98 * SustainedRate, "samples/s", decode);
        }
        if (held is not null && at150 is not null)
        {
            TargetFigures.Report($"{shape}: 150,000/s offered for one {settings.StageSeconds:0} s stage ({Slower})",
                $"{SlowerOf(at150):N0} samples/s", decode is { } d ? $"{d:N0} samples/s" : "—");
        }
        var best = stages.Where(s => s.StoredRate is not null && s.SummaryRate is not null).MaxBy(s => Math.Min(s.StoredRate!.Value, s.SummaryRate!.Value));
        if (best is not null)
        {
            var rate = Math.Min(best.StoredRate!.Value, best.SummaryRate!.Value);
            TargetFigures.Report($"{shape}: highest rate with every batch stored and summarised", $"{rate:N0} samples/s at {best.OfferedRate:N0}/s offered",
                produce is { } p ? $"{p:N0} samples/s raw produce" : "—", produce is { } q ? $"{rate / q:P1}" : "—");
        }
        if (memory is { } m)
        {
            TargetFigures.Report("memory: resident per 1,000 live activities (after a full GC)", MemoryFigures.Mib(m.RssPerThousandActivities),
                m.PerThousandActivities.Parts());
            TargetFigures.Report("memory: resident per 100 live races of 10 (beyond their activities)", MemoryFigures.MedianAndPairs(m.RssPerHundredRaces),
                "managed heap " + MemoryFigures.MedianAndPairs(m.HeapPerHundredRaces));
        }
    }

    private static double SlowerOf(StageResult stage) => Math.Min(stage.StoredRate ?? 0, stage.SummaryRate ?? 0);

    private static void Delay(string figure, double? p99, double? p50)
    {
        if (p99 is { } value)
        {
            TargetFigures.AtMost(figure, value, 0.5, "s", "p50 " + Seconds(p50));
        }
        else
        {
            TargetFigures.Unmeasured(figure, "nothing reached downstream", "< 0.5 s");
        }
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "n/a";
}
