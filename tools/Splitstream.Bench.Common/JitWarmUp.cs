namespace Splitstream.Bench;

/// <summary>What <see cref="JitSettling.UntilSettledAsync"/> took: its rounds, their JIT and wall time, and whether the last one settled.</summary>
public sealed record JitWarmUp(int Rounds, TimeSpan JitTime, TimeSpan WallTime, bool Settled)
{
    public string Describe() =>
        $"{Rounds} warm-up round{(Rounds == 1 ? "" : "s")} in {WallTime.TotalSeconds:F1} s (JIT {JitTime.TotalMilliseconds:N0} ms), " +
        (Settled ? $"until one spent under {JitSettling.SettledShare:P0} of its time in the JIT" : $"NOT settled: the last round still spent {JitSettling.SettledShare:P0} or more in the JIT");
}
