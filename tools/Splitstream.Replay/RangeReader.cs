using Confluent.Kafka;

namespace Splitstream.Replay;

/// <summary>Reads offset ranges to their ends (not beyond), reporting progress in offsets, and stops when cancelled.</summary>
public sealed class RangeReader(ReplayConnection connection)
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    public async Task ReadAsync(IReadOnlyList<PartitionRange> ranges, Func<ConsumeResult<byte[], byte[]>, Task> onRecord,
        IProgressSink progress, CancellationToken cancellationToken)
    {
        var pending = ranges.Where(r => r.Count > 0).ToDictionary(r => (r.Topic, r.Partition));
        var total = ranges.Sum(r => r.Count);
        var done = 0L;
        progress.Report(0, total);
        if (pending.Count == 0)
        {
            return;
        }
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.Consumer("read")).Build();
        consumer.Assign(pending.Values.Select(r => new TopicPartitionOffset(r.Topic, r.Partition, r.Start)));
        var positions = pending.ToDictionary(p => p.Key, p => p.Value.Start);
        var lastProgress = DateTime.UtcNow;
        try
        {
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    if (DateTime.UtcNow - lastProgress > Stall)
                    {
                        throw new TimeoutException("no records for 30 s from " + string.Join(", ", pending.Keys.Select(k => $"{k.Topic}[{k.Partition}]")));
                    }
                    continue;
                }
                lastProgress = DateTime.UtcNow;
                var key = (result.Topic, result.Partition.Value);
                if (!pending.TryGetValue(key, out var range))
                {
                    continue;
                }
                if (result.IsPartitionEOF || result.Offset.Value >= range.End)
                {
                    // The end of the log came first (records removed since planning) or the range is done.
                    done += range.End - positions[key];
                    Finish(consumer, pending, key);
                }
                else
                {
                    await onRecord(result);
                    done += result.Offset.Value + 1 - positions[key];
                    positions[key] = result.Offset.Value + 1;
                    if (positions[key] >= range.End)
                    {
                        Finish(consumer, pending, key);
                    }
                }
                progress.Report(done, total);
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private static void Finish(IConsumer<byte[], byte[]> consumer, Dictionary<(string, int), PartitionRange> pending, (string Topic, int Partition) key)
    {
        pending.Remove(key);
        consumer.IncrementalUnassign([new TopicPartition(key.Topic, key.Partition)]);
    }
}
