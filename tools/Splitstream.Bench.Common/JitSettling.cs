using System.Diagnostics;
using System.Runtime;

namespace Splitstream.Bench;

/// <summary>
/// Issue 16: "warm up until tiered compilation has settled before measuring". Runs rounds of the workload about to be
/// measured until one of them spends under <see cref="SettledShare"/> of its wall time compiling (new tier-0 methods,
/// tier-1 promotions, on-stack replacement; every thread's JIT time, background tiering included). A round that
/// compiles nothing can still run tier-0 code whose promotion has not started (the runtime waits 100 ms after the
/// last tier-0 compilation before it counts calls), so the check only counts from <c>minimumRounds</c> on and the
/// rounds should each run well beyond that delay. Shared by the bench tools so each stage settles the same way.
/// </summary>
public static class JitSettling
{
    public const double SettledShare = 0.02;

    /// <summary>
    /// Runs <paramref name="round"/> at least <paramref name="minimumRounds"/> times, then until a round's JIT time is
    /// under <see cref="SettledShare"/> of its wall time, at most <paramref name="maximumRounds"/> in all.
    /// <paramref name="report"/> gets one line per round.
    /// </summary>
    public static async Task<JitWarmUp> UntilSettledAsync(Func<Task> round, int minimumRounds, int maximumRounds, Action<string>? report = null)
    {
        var total = TimeSpan.Zero;
        var wall = Stopwatch.StartNew();
        for (var n = 1; ; n++)
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var clock = Stopwatch.StartNew();
            await round();
            clock.Stop();
            var jit = JitInfo.GetCompilationTime() - jitBefore;
            total += jit;
            var settled = n >= minimumRounds && jit < SettledShare * clock.Elapsed;
            report?.Invoke($"  warm-up round {n}: {clock.Elapsed.TotalMilliseconds:N0} ms, JIT {jit.TotalMilliseconds:N0} ms ({jit / clock.Elapsed:P1})");
            if (settled || n >= maximumRounds)
            {
                return new JitWarmUp(n, total, wall.Elapsed, settled);
            }
        }
    }
}
