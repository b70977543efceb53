using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// activity.summary.v1 (keyed by activity) → the by-board and by-user repartition topics (DESIGN §2's topic keyed by
/// activity can't feed a per-board or per-user aggregate directly: those need all of a board's or a user's
/// activities in one task).
/// </summary>
public static class SummaryRouterTopology
{
    public const string RouteStore = "activity-routes";
    public const string ByBoardSink = "by-board-sink";
    public const string ByUserSink = "by-user-sink";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, SummaryRouterOptions options, CancellationToken cancellationToken = default)
    {
        var contributions = await Serdes.ProtobufAsync(registry, options.ByBoardTopic, BoardContribution.Parser, cancellationToken);
        var activities = await Serdes.ProtobufAsync(registry, options.ByUserTopic, UserActivity.Parser, cancellationToken);
        return new TopologyBuilder()
            .AddSource("summaries", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.SummaryTopic)
            .AddProcessor("route", () => new SummaryRouter(), "summaries")
            .AddStateStore(Stores.PersistentKeyValue(RouteStore, Serdes.String, new PlainProtobufSerde<ActivityRoute>(ActivityRoute.Parser)), "route")
            .AddSink(ByBoardSink, options.ByBoardTopic, Serdes.String, contributions, "route")
            .AddSink(ByUserSink, options.ByUserTopic, Serdes.String, activities, "route")
            .Build();
    }
}
