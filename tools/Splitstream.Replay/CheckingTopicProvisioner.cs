using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Replay;

/// <summary>
/// Creates topics through another provisioner and then checks that they exist with the partition count asked for.
/// When the cluster can't create topics (the embedded cluster of <c>make run</c> has no CreateTopics), topics created
/// beforehand are accepted; otherwise the error names the missing topics, which is what an analyst can act on.
/// </summary>
public sealed class CheckingTopicProvisioner(ITopicProvisioner inner, ReplayConnection connection) : ITopicProvisioner
{
    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        // Only what is missing goes to the cluster: a broker without CreateTopics may take the request timeout to say so.
        var missing = Missing(topics.ToList());
        if (missing.Count == 0)
        {
            return;
        }
        string? failure = null;
        try
        {
            await inner.EnsureTopicsAsync(missing, cancellationToken);
        }
        catch (KafkaException e)
        {
            failure = e.Message;
        }
        missing = Missing(missing);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("topics missing (or with another partition count): " +
                string.Join(", ", missing.Select(m => $"{m.Name} ({m.Partitions} partitions{(m.Compacted ? ", compacted" : "")})")) +
                (failure is null ? "" : $"; the cluster did not create them ({failure}) — the embedded cluster of `make run` has no CreateTopics: create them there first"));
        }
    }

    private List<TopicSpec> Missing(List<TopicSpec> wanted)
    {
        using var admin = new AdminClientBuilder(connection.Admin()).Build();
        var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => !t.Error.IsError).ToDictionary(t => t.Topic, t => t.Partitions.Count);
        return wanted.Where(t => existing.GetValueOrDefault(t.Name) != t.Partitions).ToList();
    }
}
