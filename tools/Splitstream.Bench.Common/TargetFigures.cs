using System.Globalization;

namespace Splitstream.Bench;

/// <summary>
/// The figures issue #16 asks for, each printed as one row "#16 | figure | measured | baseline | ratio | target | verdict"
/// as soon as it is measured. bench/run-all.sh gathers the rows of every stage into the table at the top of
/// bench/results.md, so each benchmark keeps printing its own detail while the summary stays one format. Compiled into
/// every bench tool (linked, not a project: the tools share nothing else).
/// </summary>
public static class TargetFigures
{
    public const string Prefix = "#16 |";

    /// <summary>A throughput against its same-run baseline: met when measured ÷ baseline reaches <paramref name="targetRatio"/>.</summary>
    public static void Ratio(string figure, double measured, double baseline, double targetRatio, string unit)
    {
        var ratio = measured / baseline;
        Row(figure, $"{measured:N0} {unit}", $"{baseline:N0} {unit}", $"{ratio:P0}", $"≥ {targetRatio:P0}", ratio >= targetRatio);
    }

    /// <summary>CPU time per unit against the baseline's: the ratio is baseline ÷ measured, what load disturbs least.</summary>
    public static void CpuRatio(string figure, double measuredMicros, double baselineMicros, double targetRatio)
    {
        var ratio = baselineMicros / measuredMicros;
        Row(figure, $"{measuredMicros:0.00} CPU-µs/sample", $"{baselineMicros:0.00} CPU-µs/sample", $"{ratio:P0}", $"≥ {targetRatio:P0}", ratio >= targetRatio);
    }

    /// <summary>A rate with an absolute floor (and optionally the baseline it is compared with, for information).</summary>
    public static void AtLeast(string figure, double measured, double target, string unit, double? baseline = null) =>
        Row(figure, $"{measured:N0} {unit}", baseline is { } b ? $"{b:N0} {unit}" : "—", baseline is { } c ? $"{measured / c:P0}" : "—",
            $"≥ {target:N0} {unit}", measured >= target);

    /// <summary>A latency with a ceiling; <paramref name="baseline"/> is the figure it is compared with (e.g. p50), if any.</summary>
    public static void AtMost(string figure, double measured, double target, string unit, string baseline = "—") =>
        Row(figure, $"{measured:0.00} {unit}", baseline, "—", $"< {target:0.##} {unit}", measured < target);

    /// <summary>A figure #16 asks to report without a target.</summary>
    public static void Report(string figure, string measured, string baseline = "—", string ratio = "—") =>
        Row(figure, measured, baseline, ratio, "—", null);

    /// <summary>A figure that could not be measured (what it needed is missing): printed as missed, with why.</summary>
    public static void Unmeasured(string figure, string why, string target) => Row(figure, "n/a: " + why, "—", "—", target, false);

    private static void Row(string figure, string measured, string baseline, string ratio, string target, bool? met) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} {figure} | {measured} | {baseline} | {ratio} | {target} | {(met is null ? "reported" : met.Value ? "met" : "MISSED")}"));
}
