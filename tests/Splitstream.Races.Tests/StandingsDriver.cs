using Splitstream.Processors.Races;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Races.Tests;

/// <summary>The standings topology on the test driver: summaries keyed by race id in, standings out, the wall clock moved by hand.</summary>
internal sealed class StandingsDriver : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly TestInputTopic<string, ActivitySummary> input;
    private readonly TestOutputTopic<string, RaceStandings> output;
    private readonly TestInputTopic<string, RaceDefinition> races;

    private StandingsDriver(TopologyTestDriver driver, RaceStandingsOptions options, ISerde<ActivitySummary> summaries, ISerde<RaceStandings> standings,
        ISerde<RaceDefinition> definitions)
    {
        races = driver.CreateInputTopic(options.RacesTopic, Serdes.String, definitions);
        Driver = driver;
        Options = options;
        input = driver.CreateInputTopic(options.ByRaceTopic, Serdes.String, summaries);
        output = driver.CreateOutputTopic(options.StandingsTopic, Serdes.String, standings);
    }

    public TopologyTestDriver Driver { get; }

    public RaceStandingsOptions Options { get; }

    public long Now => Driver.WallClockTime;

    public static async Task<StandingsDriver> StartAsync(RaceStandingsOptions? options = null, StandingsDriver? restoreFrom = null, int partitions = 1)
    {
        options ??= RaceStandingsOptions.Default;
        var registry = new InMemorySchemaRegistry();
        var topology = await RaceStandingsTopology.BuildAsync(registry, options);
        var driver = new TopologyTestDriver(topology, options.StandingsApplicationId, partitions,
            restoreFrom is null ? Start : DateTimeOffset.FromUnixTimeMilliseconds(restoreFrom.Now), restoreFrom: restoreFrom?.Driver);
        return new StandingsDriver(driver, options,
            await Serdes.ProtobufAsync(registry, options.ByRaceTopic, ActivitySummary.Parser),
            await Serdes.ProtobufAsync(registry, options.StandingsTopic, RaceStandings.Parser),
            await Serdes.ProtobufAsync(registry, options.RacesTopic, RaceDefinition.Parser));
    }

    public void Pipe(ActivitySummary summary) => input.PipeInput(summary.RaceId, summary, Now);

    /// <summary>A race definition on races.v1, as the query API publishes it.</summary>
    public void Define(RaceDefinition definition) => races.PipeInput(definition.RaceId, definition, Now);

    public void Advance(TimeSpan by) => Driver.AdvanceWallClockTime(by);

    /// <summary>Moves the wall clock in <paramref name="step"/>s, calling <paramref name="each"/> after every step.</summary>
    public void AdvanceInSteps(TimeSpan total, TimeSpan step, Action? each = null)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            Advance(step);
            each?.Invoke();
        }
    }

    /// <summary>Standings published since the last read, in order.</summary>
    public IReadOnlyList<RaceStandings> Published() => [.. output.ReadRecords().Select(r => r.Value)];

    /// <summary>The latest standings published since the last read for one race (fails if there is none).</summary>
    public RaceStandings Latest(string raceId) =>
        Published().LastOrDefault(s => s.RaceId == raceId) ?? throw new Xunit.Sdk.XunitException($"no standings published for {raceId}");

    public void Dispose() => Driver.Dispose();
}
