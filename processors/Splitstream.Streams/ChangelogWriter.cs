namespace Splitstream.Streams;

/// <summary>Writes a store's changes to partition p of its changelog topic, p being the task's partition.</summary>
internal sealed class ChangelogWriter(IRecordCollector collector, string topic, int partition)
{
    public string Topic { get; } = topic;

    public void Write(byte[] key, byte[]? value, long timestamp) => collector.Send(Topic, partition, key, value, timestamp, null);
}
