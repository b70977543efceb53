using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Processors.Leaderboards;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>
/// Live race standings (DESIGN §4, §8): summaries keyed by race id, and the race definitions of races.v1 (courses) →
/// the latest state per racer with their progress along the course (store
/// <see cref="RacersStore"/>, changelogged) → <c>race.standings.v1</c>, keyed upserts by race id, published on a
/// wall-clock punctuator (see <see cref="RaceStandingsProcessor"/>).
/// </summary>
public static class RaceStandingsTopology
{
    public const string RacersStore = "racers";

    /// <summary>The newest definition (course, checkpoints) of every race of the task, from races.v1.</summary>
    public const string DefinitionsStore = "race-definitions";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, RaceStandingsOptions options, CancellationToken cancellationToken = default)
    {
        var output = await Serdes.ProtobufAsync(registry, options.StandingsTopic, RaceStandings.Parser, cancellationToken);
        return new TopologyBuilder()
            // The repartition topic first: the runtime's group assigns the first source's partitions; races.v1 is co-partitioned.
            .AddSource("by-race", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.ByRaceTopic)
            .AddSource("races", Serdes.String, Serdes.ProtobufReader(registry, RaceDefinition.Parser), options.RacesTopic)
            .AddProcessor("summary-input", () => new MapProcessor<string, ActivitySummary, string, RaceInput>(r => r.With(r.Key, new RaceInput(r.Value, null))), "by-race")
            .AddProcessor("race-input", () => new MapProcessor<string, RaceDefinition, string, RaceInput>(r => r.With(r.Key, new RaceInput(null, r.Value))), "races")
            .AddProcessor("standings", () => new RaceStandingsProcessor(options), "summary-input", "race-input")
            .AddStateStore(Stores.KeyValue(RacersStore, Serdes.String, JsonSerde<RacerState>.Instance), "standings")
            .AddStateStore(Stores.KeyValue(DefinitionsStore, Serdes.String, new PlainProtobufSerde<RaceDefinition>(RaceDefinition.Parser)), "standings")
            .AddSink(RaceStandingsProcessor.SinkName, options.StandingsTopic, Serdes.String, output, "standings")
            .Build();
    }
}
