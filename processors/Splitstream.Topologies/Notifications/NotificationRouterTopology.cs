using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Notifications;

/// <summary>activity.summary.v1 (keyed by activity) → the finished summaries keyed by user (the notifications topology's input).</summary>
public static class NotificationRouterTopology
{
    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, NotificationTopologyOptions options, CancellationToken cancellationToken = default)
    {
        var byUser = await Serdes.ProtobufAsync(registry, options.ByUserTopic, ActivitySummary.Parser, cancellationToken);
        return new TopologyBuilder()
            .AddSource("summaries", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.SummaryTopic)
            .AddProcessor("by-user", () => new NotificationRouter(), "summaries")
            .AddSink("by-user-sink", options.ByUserTopic, Serdes.String, byUser, "by-user")
            .Build();
    }
}
