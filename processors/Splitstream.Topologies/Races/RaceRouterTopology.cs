using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>
/// Re-keys race summaries by race id: <c>activity.summary.v1</c> (keyed by activity) → the internal by-race topic, so
/// all racers of one race meet in one standings task. Summaries without a race id are not forwarded. Stateless:
/// a replay forwards the same summaries again, which the standings deduplicate.
/// </summary>
public static class RaceRouterTopology
{
    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, RaceStandingsOptions options, CancellationToken cancellationToken = default)
    {
        var output = await Serdes.ProtobufAsync(registry, options.ByRaceTopic, ActivitySummary.Parser, cancellationToken);
        return new TopologyBuilder()
            .AddSource("summaries", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.SummaryTopic)
            .AddProcessor("by-race", () => new MapProcessor<string, ActivitySummary, string, ActivitySummary>(r =>
                string.IsNullOrEmpty(r.Value.RaceId) ? null : r.With(r.Value.RaceId, r.Value)), "summaries")
            .AddSink("by-race-sink", options.ByRaceTopic, Serdes.String, output, "by-race")
            .Build();
    }
}
