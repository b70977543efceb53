using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>The test driver's "cluster": every record sent, per topic, in send order, with per-partition offsets.</summary>
internal sealed class MemoryRecordCollector(Func<string, byte[]?, int> partitioner) : IRecordCollector
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
}
