using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>The test driver's "cluster": every record sent, per topic, in send order, with per-partition offsets.</summary>
internal sealed class MemoryRecordCollector(Func<string, byte[]?, int> partitioner) : IRecordCollector, IChangelogPositions
{
    private readonly Dictionary<string, List<RawRecord>> topics = [];
    private readonly Dictionary<(string Topic, int Partition), long> offsets = [];

    public void Send(string topic, int? partition, byte[]? key, byte[]? value, long timestamp, Headers? headers) =>
        Append(topic, partition ?? partitioner(topic, key), key, value, timestamp, headers);

    public RawRecord Append(string topic, int partition, byte[]? key, byte[]? value, long timestamp, Headers? headers)
    {
        offsets.TryGetValue((topic, partition), out var offset);
        offsets[(topic, partition)] = offset + 1;
        var record = new RawRecord(topic, partition, offset, timestamp, key, value, headers);
        if (!topics.TryGetValue(topic, out var list))
        {
            topics[topic] = list = [];
        }
        list.Add(record);
        return record;
    }

    public IReadOnlyList<RawRecord> Records(string topic) => topics.TryGetValue(topic, out var list) ? list : [];

    public void Track(string topic)
    {
    }

    /// <summary>Everything is acknowledged at once in memory: the position after a partition's last record.</summary>
    public bool TryGetAcknowledged(string topic, int partition, out ChangelogPosition position)
    {
        var records = Records(topic);
        RawRecord? last = null;
        for (var i = records.Count - 1; i >= 0 && last is null; i--)
        {
            last = records[i].Partition == partition ? records[i] : null;
        }
        position = last is null ? default : new ChangelogPosition(last.Offset + 1, ChangelogPosition.FingerprintOf(last.Key, last.Value, last.Timestamp));
        return last is not null;
    }
}
