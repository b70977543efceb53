using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>Creates topics that don't exist yet: through the mock API on the embedded cluster, through the Admin API on real Kafka.</summary>
public interface ITopicProvisioner
{
    Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default);
}
