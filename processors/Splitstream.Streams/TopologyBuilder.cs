namespace Splitstream.Streams;

/// <summary>
/// Builds a topology from named sources, processors, state stores and sinks (Kafka Streams' Processor API). Every
/// source topic must have the same partition count: one task owns partition p of all of them.
/// </summary>
public sealed class TopologyBuilder
{
    private readonly List<NodeSpec> nodes = [];
    private readonly List<(IStoreBuilder Builder, string[] Processors)> stores = [];

    public TopologyBuilder AddSource<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, params string[] topics)
    {
        if (topics.Length == 0)
        {
            throw new ArgumentException($"source {name} needs at least one topic", nameof(topics));
        }
        return Add(new NodeSpec(name, [], topics, null, () => new SourceNode<TKey, TValue>(name, keySerde, valueSerde)));
    }

    public TopologyBuilder AddProcessor<TKey, TValue>(string name, Func<IProcessor<TKey, TValue>> factory, params string[] parents) =>
        Add(new NodeSpec(name, parents, [], null, () => new ProcessorNode<TKey, TValue>(name, factory())));

    public TopologyBuilder AddSink<TKey, TValue>(string name, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, params string[] parents) =>
        Add(new NodeSpec(name, parents, [], topic, () => new SinkNode<TKey, TValue>(name, topic, keySerde, valueSerde)));

    /// <summary>Adds a store and connects it to the processors allowed to use it.</summary>
    public TopologyBuilder AddStateStore(IStoreBuilder builder, params string[] processorNames)
    {
        if (stores.Any(s => s.Builder.Name == builder.Name))
        {
            throw new ArgumentException($"store {builder.Name} is already defined", nameof(builder));
        }
        foreach (var processor in processorNames)
        {
            if (!nodes.Any(n => n.Name == processor && n.Topics.Length == 0 && n.SinkTopic is null))
            {
                throw new ArgumentException($"store {builder.Name}: no processor named {processor}", nameof(processorNames));
            }
        }
        stores.Add((builder, processorNames));
        return this;
    }

    public Topology Build()
    {
        var topics = nodes.SelectMany(n => n.Topics).ToList();
        var duplicate = topics.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"topic {duplicate.Key} is read by more than one source");
        }
        if (topics.Count == 0)
        {
            throw new InvalidOperationException("a topology needs at least one source");
        }
        return new Topology(nodes.ToList(), stores.ToList());
    }

    private TopologyBuilder Add(NodeSpec spec)
    {
        if (nodes.Any(n => n.Name == spec.Name))
        {
            throw new ArgumentException($"a node named {spec.Name} already exists");
        }
        foreach (var parent in spec.Parents)
        {
            var parentSpec = nodes.FirstOrDefault(n => n.Name == parent)
                ?? throw new ArgumentException($"node {spec.Name}: no parent named {parent} (add parents first)");
            if (parentSpec.SinkTopic is not null)
            {
                throw new ArgumentException($"node {spec.Name}: sink {parent} cannot have children");
            }
        }
        if (spec.Topics.Length == 0 && spec.Parents.Length == 0)
        {
            throw new ArgumentException($"node {spec.Name} needs at least one parent");
        }
        nodes.Add(spec);
        return this;
    }
}

/// <summary>A node as declared: parents, source topics or sink topic, and how to create its per-task instance.</summary>
internal sealed record NodeSpec(string Name, string[] Parents, string[] Topics, string? SinkTopic, Func<Node> Create);
