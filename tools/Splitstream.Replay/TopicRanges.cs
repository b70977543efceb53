using Confluent.Kafka;

namespace Splitstream.Replay;

/// <summary>
/// Turns a selection into offset ranges, captured once at the start: a partition is read from the first offset at
/// or after <c>--from</c> (its start otherwise) to the first offset at or after <c>--to</c> (its end at the start
/// otherwise), so an export of a live topic ends instead of following it.
/// </summary>
public static class TopicRanges
{
    public static IReadOnlyList<PartitionRange> Plan(ReplayConnection connection, string topic, ReadSelection selection, OffsetLocator? locator = null)
    {
        locator ??= new OffsetLocator(connection);
        var partitions = Partitions(connection, topic);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.Consumer("plan")).Build();
        var marks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)));
        var starts = selection.FromMs is { } from
            ? locator.Locate(topic, partitions, from).ToDictionary(o => o.Partition, o => o.Offset)
            : marks.ToDictionary(m => m.Key, m => m.Value.Low.Value);
        var ends = selection.ToMs is { } to
            ? locator.Locate(topic, partitions, to).ToDictionary(o => o.Partition, o => o.Offset)
            : marks.ToDictionary(m => m.Key, m => m.Value.High.Value);
        return partitions.Select(p => new PartitionRange(topic, p, starts[p], Math.Max(starts[p], ends[p]))).ToList();
    }

    public static IReadOnlyList<int> Partitions(ReplayConnection connection, string topic)
    {
        using var admin = new AdminClientBuilder(connection.Admin()).Build();
        // All topics' metadata, not the one topic's: asking for a missing topic by name can auto-create it.
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new ArgumentException($"topic {topic} does not exist" + (metadata is null ? "" : $" ({metadata.Error.Reason})"));
        }
        return metadata.Partitions.Select(p => p.PartitionId).Order().ToList();
    }
}
