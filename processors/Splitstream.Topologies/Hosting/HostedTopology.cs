using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Processors.Hosting;

/// <summary>One topology as the processors host runs it: what <see cref="TopologyHostingExtensions.AddTopology"/> needs.</summary>
public sealed record HostedTopology
{
    /// <summary>The consumer group, the changelog prefix, and the service key of its <see cref="StreamsHostedService"/>.</summary>
    public required string ApplicationId { get; init; }

    /// <summary>Builds the topology (its serdes register their schemas, hence async); called again for every replacement runtime.</summary>
    public required Func<ISchemaRegistry, CancellationToken, Task<Topology>> Build { get; init; }

    /// <summary>
    /// The topics it reads and writes, given the cluster's partition count; ensured before each runtime starts. The
    /// embedded platform creates the whole <see cref="TopicCatalog"/> at start; a real cluster gets them here.
    /// </summary>
    public Func<int, IEnumerable<TopicSpec>> Topics { get; init; } = _ => [];

    /// <summary>How often processed input is committed; null keeps <see cref="StreamsConfig.CommitInterval"/>'s default.</summary>
    public TimeSpan? CommitInterval { get; init; }

    /// <summary>Root of local state; null: <c>Processors:StateDir</c>, else <c>.data/state</c>.</summary>
    public string? StateDir { get; init; }

    /// <summary>Consumers fetch with <see cref="ShortFetchWait"/> (the topologies on the live race path, one second end to end).</summary>
    public bool LowLatencyFetch { get; init; }

    /// <summary>The named topics as <see cref="TopicCatalog"/> specifies them.</summary>
    public static Func<int, IEnumerable<TopicSpec>> CatalogTopics(params IReadOnlyList<string> names) =>
        partitions => TopicCatalog.All(partitions).Where(t => names.Contains(t.Name));
}
