using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>
/// Live race standings (DESIGN §4): summaries keyed by race id → the latest state per racer (store
/// <see cref="RacersStore"/>, changelogged) → <c>race.standings.v1</c>, keyed upserts by race id, published on a
/// wall-clock punctuator (see <see cref="RaceStandingsProcessor"/>).
/// </summary>
public static class RaceStandingsTopology
{
    public const string RacersStore = "racers";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, RaceStandingsOptions options, CancellationToken cancellationToken = default)
    {
        var output = await Serdes.ProtobufAsync(registry, options.StandingsTopic, RaceStandings.Parser, cancellationToken);
        return new TopologyBuilder()
            .AddSource("by-race", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.ByRaceTopic)
            .AddProcessor("standings", () => new RaceStandingsProcessor(options), "by-race")
            .AddStateStore(Stores.KeyValue(RacersStore, Serdes.String, JsonSerde<RacerState>.Instance), "standings")
            .AddSink(RaceStandingsProcessor.SinkName, options.StandingsTopic, Serdes.String, output, "standings")
            .Build();
    }
}
