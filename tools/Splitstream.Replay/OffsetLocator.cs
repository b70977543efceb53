using Confluent.Kafka;

namespace Splitstream.Replay;

/// <summary>
/// Finds, per partition, the first offset whose record timestamp is at or after a given time. Kafka's time index
/// (OffsetsForTimes) is used when the broker answers it. The embedded cluster answers -1 for every timestamp, so a -1
/// is believed only when the partition's last record is indeed older; otherwise the offset is found by reading: a
/// binary search over offsets that reads one record per step, falling back to a scan of the partition when it is small
/// or when the records read show timestamps out of order (then bisection would be wrong).
/// </summary>
public sealed class OffsetLocator(ReplayConnection connection)
{
    /// <summary>Partitions with at most this many records are scanned: cheaper than the reads of a search.</summary>
    public int ScanBelow { get; init; } = 32;

    /// <summary>
    /// How many records before a binary search's answer are scanned for timestamps out of order (clock skew between
    /// producers). Disorder over a longer distance is found only if the search's reads happen to show it (then the
    /// whole partition is scanned).
    /// </summary>
    public int DisorderMargin { get; init; } = 200;

    /// <summary>False forces reading even on brokers that have a time index (tests compare both ways).</summary>
    public bool UseBrokerTimeIndex { get; init; } = true;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<PartitionOffset> Locate(string topic, IReadOnlyList<int> partitions, long timestampMs)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.Consumer("locate")).Build();
        return partitions.Select(p => Locate(consumer, new TopicPartition(topic, p), timestampMs)).ToList();
    }

    private PartitionOffset Locate(IConsumer<byte[], byte[]> consumer, TopicPartition tp, long timestampMs)
    {
        var marks = consumer.QueryWatermarkOffsets(tp, Timeout);
        long low = marks.Low.Value, high = marks.High.Value;
        if (high <= low)
        {
            return new PartitionOffset(tp.Partition.Value, high, LocateMethod.Empty, 0);
        }
        var reads = 0;
        if (high - low <= ScanBelow)
        {
            return Scan(consumer, tp, low, high, timestampMs, reads);
        }
        if (UseBrokerTimeIndex)
        {
            var answer = consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(timestampMs, TimestampType.CreateTime))], Timeout)[0];
            if (answer.Offset.Value >= 0)
            {
                return new PartitionOffset(tp.Partition.Value, answer.Offset.Value, LocateMethod.OffsetsForTimes, 0);
            }
            // -1 means "no record that late" from a real broker, and "not supported" from the embedded one: check.
            reads++;
            if (ReadAt(consumer, tp, high - 1, high) is { } last && last.Timestamp < timestampMs)
            {
                return new PartitionOffset(tp.Partition.Value, high, LocateMethod.OffsetsForTimes, reads);
            }
        }
        var samples = new List<(long Offset, long Timestamp)>();
        long lo = low, hi = high;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            reads++;
            if (ReadAt(consumer, tp, mid, hi) is not { } record)
            {
                // Nothing left in [mid, hi): offsets removed by compaction or retention.
                hi = mid;
                continue;
            }
            samples.Add((record.Offset, record.Timestamp));
            if (record.Timestamp >= timestampMs)
            {
                hi = mid;
            }
            else
            {
                lo = record.Offset + 1;
            }
        }
        var ordered = samples.OrderBy(s => s.Offset).ToList();
        var monotonic = ordered.Zip(ordered.Skip(1)).All(pair => pair.First.Timestamp <= pair.Second.Timestamp);
        if (!monotonic)
        {
            return Scan(consumer, tp, low, high, timestampMs, reads);
        }
        // Producers' clocks differ a little, so timestamps can be out of order locally: a record just before the
        // search's answer may already be at or after the time. Scan a margin before it for the first such record.
        var marginStart = Math.Max(low, lo - DisorderMargin);
        if (marginStart < lo)
        {
            var margin = Scan(consumer, tp, marginStart, lo, timestampMs, reads);
            return new PartitionOffset(tp.Partition.Value, margin.Offset, LocateMethod.BinarySearch, margin.RecordsRead);
        }
        return new PartitionOffset(tp.Partition.Value, lo, LocateMethod.BinarySearch, reads);
    }

    private static PartitionOffset Scan(IConsumer<byte[], byte[]> consumer, TopicPartition tp, long low, long high, long timestampMs, int reads)
    {
        consumer.Assign(new TopicPartitionOffset(tp, low));
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF || result.Offset.Value >= high)
            {
                return new PartitionOffset(tp.Partition.Value, high, LocateMethod.Scan, reads);
            }
            reads++;
            deadline = DateTime.UtcNow + Timeout;
            if (result.Message.Timestamp.UnixTimestampMs >= timestampMs)
            {
                return new PartitionOffset(tp.Partition.Value, result.Offset.Value, LocateMethod.Scan, reads);
            }
        }
        throw new TimeoutException($"could not scan {tp}");
    }

    /// <summary>The first record at or after <paramref name="offset"/> and before <paramref name="end"/>, or null.</summary>
    private static (long Offset, long Timestamp)? ReadAt(IConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset, long end)
    {
        consumer.Assign(new TopicPartitionOffset(tp, offset));
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                return null;
            }
            return result.Offset.Value < end ? (result.Offset.Value, result.Message.Timestamp.UnixTimestampMs) : null;
        }
        throw new TimeoutException($"could not read {tp} at offset {offset}");
    }
}
