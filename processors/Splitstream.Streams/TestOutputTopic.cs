namespace Splitstream.Streams;

/// <summary>Reads what a topology wrote to a topic of a <see cref="TopologyTestDriver"/>, typed, from where the last read stopped.</summary>
public sealed class TestOutputTopic<TKey, TValue> where TKey : notnull
{
    private readonly TopologyTestDriver driver;
    private readonly ISerde<TKey> keySerde;
    private readonly ISerde<TValue> valueSerde;
    private int position;

    internal TestOutputTopic(TopologyTestDriver driver, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        this.driver = driver;
        Topic = topic;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    public string Topic { get; }

    public bool IsEmpty => driver.ReadRaw(Topic).Count <= position;

    /// <summary>Records written since the last read.</summary>
    public IReadOnlyList<Record<TKey, TValue>> ReadRecords()
    {
        var raw = driver.ReadRaw(Topic);
        var records = raw.Skip(position).Select(r => new Record<TKey, TValue>(
            keySerde.Deserialize(r.Key, r.Topic, r.Partition, r.Offset),
            valueSerde.Deserialize(r.Value, r.Topic, r.Partition, r.Offset),
            r.Timestamp) { Headers = r.Headers, Topic = r.Topic, Partition = r.Partition, Offset = r.Offset }).ToList();
        position = raw.Count;
        return records;
    }

    /// <summary>The latest value per key among the records written since the last read: the view of a compacted topic.</summary>
    public Dictionary<TKey, TValue> ReadKeyValuesToMap()
    {
        var map = new Dictionary<TKey, TValue>();
        foreach (var record in ReadRecords())
        {
            map[record.Key] = record.Value;
        }
        return map;
    }
}
