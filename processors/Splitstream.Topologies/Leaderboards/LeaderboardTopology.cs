using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Leaderboards;

/// <summary>Board contributions (keyed by board id, from <see cref="SummaryRouterTopology"/>) → ranked boards on leaderboards.v1.</summary>
public static class LeaderboardTopology
{
    public const string ContributionStore = "board-contributions";
    public const string LeaderboardSink = "leaderboards-sink";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, LeaderboardOptions options, CancellationToken cancellationToken = default)
    {
        var leaderboards = await Serdes.ProtobufAsync(registry, options.LeaderboardsTopic, Leaderboard.Parser, cancellationToken);
        return new TopologyBuilder()
            .AddSource("contributions", Serdes.String, Serdes.ProtobufReader(registry, BoardContribution.Parser), options.ContributionsTopic)
            .AddProcessor("rank", () => new BoardRanker(options), "contributions")
            .AddStateStore(Stores.PersistentKeyValue(ContributionStore, Serdes.String, new PlainProtobufSerde<BoardContribution>(BoardContribution.Parser)), "rank")
            .AddSink(LeaderboardSink, options.LeaderboardsTopic, Serdes.String, leaderboards, "rank")
            .Build();
    }
}
