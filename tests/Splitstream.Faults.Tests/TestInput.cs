using Splitstream.Simulator;

namespace Splitstream.Faults.Tests;

/// <summary>
/// The one deterministic input every scenario and the fault-free reference run replay: the simulator's race and free
/// activities (stops, pauses, offline bursts, duplicate and out-of-order batches) for a fixed seed and a fixed start,
/// so the activity ids and every request body are the same in each run.
/// </summary>
internal static class TestInput
{
    public const string SigningKey = "faults-tests-signing-key-0123456789abcdef";

    /// <summary>Simulated minutes played in <see cref="PlaySeconds"/> of wall time.</summary>
    public static readonly SimulatorOptions Options = new()
    {
        Seed = 7,
        RaceRacers = 6,
        Devices = 3,
        RaceDistanceM = 2500,
        Duration = TimeSpan.FromMinutes(10),
        BatchInterval = TimeSpan.FromSeconds(5),
        SigningKey = SigningKey,
        ProgressInterval = TimeSpan.Zero,
    };

    /// <summary>How long a scenario's load lasts: long enough for faults to land in the middle of it.</summary>
    public const double PlaySeconds = 20;

    public static readonly Scenario Scenario = ScenarioBuilder.Build(Options,
        // Early enough that no sample is in the future; whole minutes, so the race id is stable within a test run.
        DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeMilliseconds() / 60_000 * 60_000);

    public static double Speedup => (Scenario.EndMs - Scenario.StartMs) / 1000.0 / PlaySeconds;

    public static int Requests => Scenario.Activities.Sum(a => a.Sends.Count);

    public static long Samples => Scenario.Activities.Sum(a => a.Sends.Sum(s => (long)s.Samples));

    public static string Describe() =>
        $"{Scenario.Activities.Count} activities, {Requests} requests, {Samples} samples in {PlaySeconds:0} s";
}
