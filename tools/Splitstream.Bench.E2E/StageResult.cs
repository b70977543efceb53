namespace Splitstream.Bench.E2E;

/// <summary>
/// One offered rate's figures. Rates are samples/s over the stage's wall time; delays are seconds. Race delays are
/// those of the racers' batches (ack → a standings record whose racer's last_sample_ms covers the batch).
/// <see cref="StartedAtSeconds"/> counts from the pipeline's start, <see cref="JitSeconds"/> is the time the JIT spent
/// compiling during the stage (all threads) and <see cref="JitMethods"/> the methods it compiled
/// (tier-1 recompilations included), <see cref="ResidentBytes"/> the process's RSS when the stage drained,
/// <see cref="GcPauseSeconds"/> the time the runtime was paused for collections during the stage, <see cref="StoreWrites"/>
/// where the sinks' threads and the SQLite write gate spent it, <see cref="RequestP50"/>/<see cref="RequestP99"/> a
/// batch's wait from its first send to its 202 (retries after a 503 included).
/// </summary>
public sealed record StageResult(
    int OfferedRate,
    long SamplesAccepted,
    long Refused,
    double AcceptedRate,
    double? StoredRate,
    double? SummaryRate,
    double? StoredP50,
    double? StoredP99,
    double? SummaryP50,
    double? SummaryP99,
    double? RaceP50,
    double? RaceP99,
    double CoresBusy,
    IReadOnlyDictionary<string, double> CpuByThreadGroup,
    string Notes,
    string Label,
    double StartedAtSeconds,
    double JitSeconds,
    long ResidentBytes,
    double GcPauseSeconds,
    long JitMethods,
    StoreWriteTimes? StoreWrites = null,
    double? RequestP50 = null,
    double? RequestP99 = null)
{
    /// <summary>
    /// The tiered-compilation thread's share of the stage's CPU (issue 16 saw 42% of a stage there). Approximate: the
    /// runtime ends that thread when it idles, and an ended thread's CPU is no longer in /proc/self/task.
    /// </summary>
    public double TieredCompilationShare =>
        CpuByThreadGroup.GetValueOrDefault(".NET Tiered Com") / Math.Max(CpuByThreadGroup.Values.Sum(), 1e-9);
}
