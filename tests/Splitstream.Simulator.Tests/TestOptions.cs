using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

/// <summary>Scenario options for tests: a fixed clock start, and every misbehaviour switched on unless a test says otherwise.</summary>
internal static class TestOptions
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static SimulatorOptions Create(int racers = 3, int devices = 2, int minutes = 10, int seed = 1) => new()
    {
        RaceRacers = racers,
        Devices = devices,
        Duration = TimeSpan.FromMinutes(minutes),
        RaceDistanceM = 1500,
        Seed = seed,
        AsFastAsPossible = true,
        StartTime = Start,
        StopProbability = 1,
        PauseProbability = 1,
        OfflineProbability = 1,
        DuplicateProbability = 0.1,
        OutOfOrderProbability = 0.1,
        ProgressInterval = TimeSpan.Zero,
        SigningKey = "simulator-tests-signing-key-0123456789abcdef",
        MaxAttempts = 10,
    };
}
