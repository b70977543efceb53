using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// Partition p of every source topic of a topology, with its own node instances and stores. Buffered records are
/// processed in timestamp order across the task's partitions (the head with the smallest timestamp first), stream time
/// is the largest timestamp seen, and a record that cannot be decoded or processed becomes a dead letter.
/// </summary>
internal sealed class StreamTask
{
    private readonly Dictionary<string, SourceNode> sourcesByTopic;
    private readonly List<Node> nodes;
    private readonly TaskContext context;
    private readonly Dictionary<string, Queue<RawRecord>> queues = [];
    private readonly Dictionary<string, long> nextOffsets = [];
    private readonly Dictionary<string, long> committedOffsets = [];
    private readonly string deadLetterTopic;
    private readonly ILogger logger;
    private bool initialized;

    public StreamTask(Topology topology, int partition, string applicationId, string deadLetterTopic, StreamsMetrics metrics,
        ILogger logger, IRecordCollector collector, Func<long> wallClock)
    {
        Partition = partition;
        this.deadLetterTopic = deadLetterTopic;
        this.logger = logger;
        (sourcesByTopic, nodes, var stores) = topology.Instantiate();
        context = new TaskContext(applicationId, partition, metrics, logger, collector, wallClock) { Stores = stores };
        foreach (var store in stores.Values.Where(s => s.Logged))
        {
            ((IRestorableStore)store).AttachChangelog(new ChangelogWriter(collector, Topics.Changelog(applicationId, store.Name), partition));
        }
        foreach (var topic in sourcesByTopic.Keys)
        {
            queues[topic] = new Queue<RawRecord>();
        }
    }

    public int Partition { get; }

    public long StreamTime => context.StreamTime;

    public int Buffered => queues.Values.Sum(q => q.Count);

    public IReadOnlyDictionary<string, IStateStore> Stores => context.Stores;

    /// <summary>Applies a changelog record to a store before the task starts (restoration).</summary>
    public void Restore(string storeName, byte[] key, byte[]? value, long timestamp)
    {
        ((IRestorableStore)context.Stores[storeName]).Restore(key, value);
        // Changelog records carry the stream time of the flush that wrote them: the restored task resumes from it.
        context.StreamTime = Math.Max(context.StreamTime, timestamp);
    }

    /// <summary>Initializes the processors (after restoration, so they can read restored state).</summary>
    public void Initialize()
    {
        foreach (var node in nodes)
        {
            context.CurrentNode = node;
            node.Init(context);
        }
        context.CurrentNode = null;
        initialized = true;
    }

    public void Enqueue(RawRecord record)
    {
        if (!queues.TryGetValue(record.Topic, out var queue))
        {
            throw new InvalidOperationException($"task {Partition} has no source for topic {record.Topic}");
        }
        queue.Enqueue(record);
    }

    /// <summary>Processes the buffered record with the smallest timestamp; false when nothing is buffered.</summary>
    public bool ProcessNext()
    {
        if (!initialized)
        {
            throw new InvalidOperationException($"task {Partition} processes records only after restoration and initialization");
        }
        Queue<RawRecord>? next = null;
        foreach (var queue in queues.Values)
        {
            if (queue.Count > 0 && (next is null || queue.Peek().Timestamp < next.Peek().Timestamp))
            {
                next = queue;
            }
        }
        if (next is null)
        {
            return false;
        }
        var raw = next.Dequeue();
        context.StreamTime = Math.Max(context.StreamTime, raw.Timestamp);
        var source = sourcesByTopic[raw.Topic];
        try
        {
            var record = source.Decode(raw);
            context.CurrentNode = source;
            source.Process(record, context);
        }
        catch (Exception e) when (e is not StreamsFatalException)
        {
            DeadLetter(raw, e);
        }
        finally
        {
            context.CurrentNode = null;
        }
        nextOffsets[raw.Topic] = raw.Offset + 1;
        context.Metrics.RecordProcessed();
        context.Punctuate(PunctuationType.StreamTime, context.StreamTime);
        return true;
    }

    public int PunctuateWallClock(long now) => initialized ? context.Punctuate(PunctuationType.WallClockTime, now) : 0;

    /// <summary>Writes every store's changes since the last flush to the changelogs (before the producer flush of a commit).</summary>
    public void FlushStores()
    {
        foreach (var store in context.Stores.Values)
        {
            if (store is IExpiringStore expiring && context.StreamTime != long.MinValue)
            {
                expiring.ExpireBefore(context.StreamTime);
            }
            ((IRestorableStore)store).Flush(context.StreamTime);
        }
    }

    /// <summary>The next offsets of the input partitions that moved since the last successful commit: what a commit stores.</summary>
    public IReadOnlyList<TopicPartitionOffset> CommittableOffsets() =>
        nextOffsets.Where(o => !committedOffsets.TryGetValue(o.Key, out var committed) || committed != o.Value)
            .Select(o => new TopicPartitionOffset(o.Key, Partition, o.Value))
            .ToList();

    public void MarkCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets.Where(o => o.Partition.Value == Partition))
        {
            committedOffsets[offset.Topic] = offset.Offset.Value;
        }
    }

    public void Close()
    {
        foreach (var node in nodes)
        {
            node.Close();
        }
    }

    private void DeadLetter(RawRecord raw, Exception error)
    {
        var reason = error is RecordDecodeException decode ? "decode: " + decode.Reason : $"process: {error.GetType().Name}: {error.Message}";
        logger.LogWarning("Dead-lettering {Topic}[{Partition}]@{Offset}: {Reason}", raw.Topic, raw.Partition, raw.Offset, reason);
        var headers = new Headers();
        foreach (var header in raw.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }
        headers.Add("reason", Encoding.UTF8.GetBytes(reason));
        headers.Add("source.topic", Encoding.UTF8.GetBytes(raw.Topic));
        headers.Add("source.partition", Encoding.UTF8.GetBytes(raw.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add("source.offset", Encoding.UTF8.GetBytes(raw.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        context.Collector.Send(deadLetterTopic, null, raw.Key, raw.Value, raw.Timestamp, headers);
        context.Metrics.DeadLetter();
    }
}
