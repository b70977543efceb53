namespace Splitstream.Streams.Tests;

/// <summary>Counts records per key in a key-value store (persistent or in memory, as the topology says).</summary>
internal sealed class KeyCounter(string store) : IProcessor<string, string>
{
    private IKeyValueStore<string, long> counts = null!;

    public void Init(IProcessorContext context) => counts = context.GetStateStore<IKeyValueStore<string, long>>(store);

    public void Process(Record<string, string> record) => counts.Put(record.Key, (counts.TryGet(record.Key, out var count) ? count : 0) + 1);

    public static Topology Topology(bool persistent) => new TopologyBuilder()
        .AddSource("in", Serdes.String, Serdes.String, "in")
        .AddProcessor("count", () => new KeyCounter("counts"), "in")
        .AddStateStore(persistent ? Stores.PersistentKeyValue("counts", Serdes.String, Serdes.Int64) : Stores.KeyValue("counts", Serdes.String, Serdes.Int64), "count")
        .Build();
}
