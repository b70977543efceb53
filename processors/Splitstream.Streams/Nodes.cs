namespace Splitstream.Streams;

/// <summary>A node instance of one task's copy of the topology. Records travel between nodes as objects and are cast back to their declared types.</summary>
internal abstract class Node(string name)
{
    public string Name { get; } = name;

    public List<Node> Children { get; } = [];

    public HashSet<string> Stores { get; } = [];

    public virtual void Init(TaskContext context)
    {
    }

    public abstract void Process(object record, TaskContext context);

    public virtual void Close()
    {
    }
}

internal abstract class SourceNode(string name) : Node(name)
{
    public abstract object Decode(RawRecord raw);

    public override void Process(object record, TaskContext context) => context.ForwardObject(record, null);
}

internal sealed class SourceNode<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) : SourceNode(name)
{
    public override object Decode(RawRecord raw) =>
        new Record<TKey, TValue>(
            keySerde.Deserialize(raw.Key, raw.Topic, raw.Partition, raw.Offset),
            valueSerde.Deserialize(raw.Value, raw.Topic, raw.Partition, raw.Offset),
            raw.Timestamp)
        {
            Headers = raw.Headers,
            Topic = raw.Topic,
            Partition = raw.Partition,
            Offset = raw.Offset,
        };
}

internal sealed class ProcessorNode<TKey, TValue>(string name, IProcessor<TKey, TValue> processor) : Node(name)
{
    public override void Init(TaskContext context) => processor.Init(context);

    public override void Process(object record, TaskContext context) => processor.Process(Cast(record));

    public override void Close() => processor.Close();

    private Record<TKey, TValue> Cast(object record) =>
        record as Record<TKey, TValue>
            ?? throw new InvalidCastException($"processor {Name} takes Record<{typeof(TKey).Name}, {typeof(TValue).Name}> but was sent {record.GetType()}");
}

internal sealed class SinkNode<TKey, TValue>(string name, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) : Node(name)
{
    public override void Process(object record, TaskContext context)
    {
        var typed = record as Record<TKey, TValue>
            ?? throw new InvalidCastException($"sink {Name} takes Record<{typeof(TKey).Name}, {typeof(TValue).Name}> but was sent {record.GetType()}");
        context.Collector.Send(topic, null, keySerde.Serialize(typed.Key, topic), valueSerde.Serialize(typed.Value, topic), typed.Timestamp, typed.Headers);
    }
}
