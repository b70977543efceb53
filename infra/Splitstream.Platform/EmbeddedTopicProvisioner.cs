using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>Creates topics on the embedded cluster, which has no CreateTopics API of its own.</summary>
public sealed class EmbeddedTopicProvisioner(EmbeddedKafkaCluster cluster) : ITopicProvisioner
{
    public Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        foreach (var topic in topics)
        {
            cluster.CreateTopic(topic);
        }
        return Task.CompletedTask;
    }
}
