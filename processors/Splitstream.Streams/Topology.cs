namespace Splitstream.Streams;

/// <summary>A built topology: immutable, instantiated once per task by the runtime or the test driver.</summary>
public sealed class Topology
{
    private readonly IReadOnlyList<NodeSpec> nodes;
    private readonly IReadOnlyList<(IStoreBuilder Builder, string[] Processors)> stores;

    internal Topology(IReadOnlyList<NodeSpec> nodes, IReadOnlyList<(IStoreBuilder Builder, string[] Processors)> stores)
    {
        this.nodes = nodes;
        this.stores = stores;
        SourceTopics = nodes.SelectMany(n => n.Topics).ToList();
        SinkTopics = nodes.Where(n => n.SinkTopic is not null).Select(n => n.SinkTopic!).Distinct().ToList();
    }

    public IReadOnlyList<string> SourceTopics { get; }

    public IReadOnlyList<string> SinkTopics { get; }

    public IReadOnlyList<string> StoreNames => stores.Select(s => s.Builder.Name).ToList();

    /// <summary>Changelog topic names for an application id: one per logged store.</summary>
    public IReadOnlyList<string> ChangelogTopics(string applicationId) =>
        stores.Where(s => s.Builder.Logged).Select(s => Splitstream.Schemas.Topics.Changelog(applicationId, s.Builder.Name)).ToList();

    /// <summary>Creates one task's node instances and stores.</summary>
    internal (Dictionary<string, SourceNode> SourcesByTopic, List<Node> Nodes, Dictionary<string, IStateStore> Stores) Instantiate()
    {
        var instances = new Dictionary<string, Node>();
        var ordered = new List<Node>();
        var sourcesByTopic = new Dictionary<string, SourceNode>();
        foreach (var spec in nodes)
        {
            var node = spec.Create();
            instances[spec.Name] = node;
            ordered.Add(node);
            foreach (var parent in spec.Parents)
            {
                instances[parent].Children.Add(node);
            }
            foreach (var topic in spec.Topics)
            {
                sourcesByTopic[topic] = (SourceNode)node;
            }
        }
        var storeInstances = new Dictionary<string, IStateStore>();
        foreach (var (builder, processors) in stores)
        {
            storeInstances[builder.Name] = builder.Build();
            foreach (var processor in processors)
            {
                instances[processor].Stores.Add(builder.Name);
            }
        }
        return (sourcesByTopic, ordered, storeInstances);
    }
}
