using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// Topic creation for processes that use an embedded cluster another process owns (test suites that run the services
/// as child processes). The mock cluster has no CreateTopics API, so its owner serves this next to the schema registry
/// and <see cref="HttpTopicProvisioner"/> calls it. Loopback only, like everything embedded; a real cluster never needs it.
/// </summary>
public static class EmbeddedTopicsApi
{
    public const string Path = "/_embedded/topics";

    public static RouteHandlerBuilder MapEmbeddedTopicsApi(this IEndpointRouteBuilder routes, EmbeddedKafkaCluster cluster) =>
        routes.MapPost(Path, (TopicSpec[] topics) => CreateTopics(cluster, topics));

    public static Results<NoContent, BadRequest<string>> CreateTopics(EmbeddedKafkaCluster cluster, TopicSpec[] topics)
    {
        if (topics.FirstOrDefault(t => string.IsNullOrWhiteSpace(t.Name) || t.Partitions < 1) is { } invalid)
        {
            return TypedResults.BadRequest($"invalid topic: name '{invalid.Name}', partitions {invalid.Partitions}");
        }
        foreach (var topic in topics)
        {
            cluster.CreateTopic(topic);
        }
        return TypedResults.NoContent();
    }
}
