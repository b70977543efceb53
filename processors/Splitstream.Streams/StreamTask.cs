using System.Diagnostics;
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
    private readonly string applicationId;
    private readonly string? stateDirectory;
    private readonly TaskCheckpoint? loadedCheckpoint;
    // Per persistent logged store: how far its local files hold the changelog (from the checkpoint or the restore).
    private readonly Dictionary<string, ChangelogPosition> restoredPositions = [];
    private bool initialized;
    private bool closed;

    /// <param name="stateDirectory">
    /// The task's own directory (<c>&lt;state dir&gt;/&lt;application id&gt;/&lt;partition&gt;</c>) for persistent stores
    /// and the checkpoint; required when the topology has persistent stores.
    /// </param>
    public StreamTask(Topology topology, int partition, string applicationId, string deadLetterTopic, StreamsMetrics metrics,
        ILogger logger, IRecordCollector collector, Func<long> wallClock, string? stateDirectory = null)
    {
        Partition = partition;
        this.deadLetterTopic = deadLetterTopic;
        this.logger = logger;
        this.applicationId = applicationId;
        (sourcesByTopic, nodes, var stores) = topology.Instantiate();
        context = new TaskContext(applicationId, partition, metrics, logger, collector, wallClock) { Stores = stores };
        foreach (var store in stores.Values.Where(s => s.Logged))
        {
            var topic = Topics.Changelog(applicationId, store.Name);
            ((IRestorableStore)store).AttachChangelog(new ChangelogWriter(collector, topic, partition));
            if (store is IPersistentStore)
            {
                (collector as IChangelogPositions)?.Track(topic);
            }
        }
        foreach (var topic in sourcesByTopic.Keys)
        {
            queues[topic] = new Queue<RawRecord>();
        }
        if (stores.Values.Any(s => s is IPersistentStore))
        {
            this.stateDirectory = stateDirectory ?? throw new InvalidOperationException(
                $"task {partition} of {applicationId} has persistent stores but no state directory (StreamsConfig.StateDir)");
            PrivateFiles.CreateDirectory(stateDirectory);
            loadedCheckpoint = TaskCheckpoint.Read(stateDirectory);
            foreach (var store in stores.Values.OfType<IPersistentStore>())
            {
                store.Open(Path.Combine(stateDirectory, ((IStateStore)store).Name));
            }
        }
    }

    public int Partition { get; }

    public long StreamTime => context.StreamTime;

    public int Buffered => queues.Values.Sum(q => q.Count);

    public IReadOnlyDictionary<string, IStateStore> Stores => context.Stores;

    /// <summary>
    /// Where restoring a store from its changelog partition (offsets <paramref name="low"/> to <paramref name="high"/>)
    /// starts. An in-memory store reads it all. A persistent store with a checkpoint inside the changelog reads only
    /// the tail after it, once the record before the checkpoint has shown the checkpoint's fingerprint (see
    /// <see cref="CheckpointRejected"/>); without a checkpoint, or with one beyond the changelog's end (a recreated
    /// topic, a fresh cluster), its local files are wiped and it reads everything.
    /// </summary>
    public RestorePlan PlanRestore(string storeName, long low, long high)
    {
        var store = context.Stores[storeName];
        if (store is not IPersistentStore persistent)
        {
            return RestorePlan.Full(low);
        }
        var topic = Topics.Changelog(applicationId, storeName);
        if (loadedCheckpoint is null || !loadedCheckpoint.Positions.TryGetValue((topic, Partition), out var checkpoint))
        {
            // No checkpoint: the files may hold anything up to an unknown offset (a crash before the first checkpoint,
            // a copied directory). Only a full restore is sure. Files just created hold nothing: reopening them cost a
            // fresh task about 20 ms per store, a quarter of a second for a 12-partition assignment (2026-12-01).
            if (!persistent.IsEmpty)
            {
                persistent.Wipe();
            }
            return RestorePlan.Full(low);
        }
        if (checkpoint.NextOffset > high)
        {
            // Local state newer than the changelog can't be proven consistent with it: the topic was recreated or the
            // cluster is another one, whose history the files don't share.
            logger.LogWarning("Task {Partition}: checkpoint of {Topic} at {Checkpoint} is beyond the changelog's end {High}; wiping the local state and restoring in full",
                Partition, topic, checkpoint.NextOffset, high);
            persistent.Wipe();
            return RestorePlan.Full(low);
        }
        restoredPositions[storeName] = checkpoint;
        if (checkpoint.NextOffset <= low)
        {
            // Records up to the changelog's start are gone from the topic (retention, or the embedded cluster's cap):
            // the local files are the only copy of them, so they are kept.
            if (checkpoint.NextOffset < low)
            {
                logger.LogWarning("Task {Partition}: {Topic} starts at {Low}, after the checkpoint {Checkpoint}: keeping the local state",
                    Partition, topic, low, checkpoint.NextOffset);
            }
            return RestorePlan.Full(low);
        }
        return new RestorePlan(checkpoint.NextOffset, checkpoint.NextOffset - 1, checkpoint.Fingerprint);
    }

    /// <summary>
    /// The record before the checkpoint is not the one the checkpoint saw: the changelog is another history. The
    /// store's files are wiped; the caller restores from the start.
    /// </summary>
    public void CheckpointRejected(string storeName)
    {
        logger.LogWarning("Task {Partition}: the changelog of {Store} does not match its checkpoint; wiping the local state and restoring in full", Partition, storeName);
        restoredPositions.Remove(storeName);
        ((IPersistentStore)context.Stores[storeName]).Wipe();
    }

    /// <summary>Applies a changelog record to a store before the task starts (restoration).</summary>
    public void Restore(string storeName, byte[] key, byte[]? value, long timestamp, long offset = -1)
    {
        ((IRestorableStore)context.Stores[storeName]).Restore(key, value);
        // Changelog records carry the stream time of the flush that wrote them: the restored task resumes from it.
        context.StreamTime = Math.Max(context.StreamTime, timestamp);
        if (offset >= 0 && context.Stores[storeName] is IPersistentStore)
        {
            restoredPositions[storeName] = new ChangelogPosition(offset + 1, ChangelogPosition.FingerprintOf(key, value, timestamp));
        }
    }

    /// <summary>Ends restoration of a store (its changelog read to the end).</summary>
    public void RestoreCompleted(string storeName) => ((IRestorableStore)context.Stores[storeName]).RestoreCompleted();

    /// <summary>Initializes the processors (after restoration, so they can read restored state).</summary>
    public void Initialize()
    {
        if (loadedCheckpoint is not null)
        {
            // A tail restore sees only the newest changelog records: the checkpoint carries the stream time before them.
            context.StreamTime = Math.Max(context.StreamTime, loadedCheckpoint.StreamTime);
        }
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
        // One span per record that came with a trace (W3C traceparent header); what the topology forwards carries this
        // span's context on, so the trace continues into the outputs and the sinks. No listener: no span, nothing changes.
        using var span = StartSpan(raw);
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

    /// <summary>
    /// Writes the checkpoint: for every persistent logged store, the changelog offset after its newest acknowledged
    /// record (or after what the restore read, when nothing was written since), once the local files are synced.
    /// Called after a commit whose records were all acknowledged, and at a clean close after the final commit.
    /// </summary>
    public void Checkpoint(IChangelogPositions positions)
    {
        if (stateDirectory is null || closed)
        {
            return;
        }
        var checkpoint = new TaskCheckpoint { StreamTime = context.StreamTime };
        foreach (var store in context.Stores.Values.Where(s => s is IPersistentStore && s.Logged))
        {
            var topic = Topics.Changelog(applicationId, store.Name);
            if (positions.TryGetAcknowledged(topic, Partition, out var position) || restoredPositions.TryGetValue(store.Name, out position))
            {
                checkpoint.Positions[(topic, Partition)] = position;
            }
        }
        foreach (var store in context.Stores.Values.OfType<IPersistentStore>())
        {
            store.Sync();
        }
        checkpoint.Write(stateDirectory);
    }

    /// <summary>
    /// Closes the processors and the stores. A clean close (after the final commit, everything acknowledged) writes
    /// the checkpoint first; a dirty one (a lost partition, a crash, a failure) leaves the last checkpoint as it was,
    /// so the next owner restores from it and replays the uncommitted input.
    /// </summary>
    public void Close(IChangelogPositions? cleanWith = null)
    {
        if (closed)
        {
            return;
        }
        try
        {
            foreach (var node in nodes)
            {
                node.Close();
            }
            if (cleanWith is not null)
            {
                Checkpoint(cleanWith);
            }
        }
        finally
        {
            closed = true;
            foreach (var store in context.Stores.Values.OfType<IPersistentStore>())
            {
                store.Close();
            }
        }
    }

    private Activity? StartSpan(RawRecord raw)
    {
        var parent = KafkaTraceContext.Extract(raw.Headers);
        if (parent == default)
        {
            return null;
        }
        var span = SplitstreamTelemetry.Source.StartActivity($"{applicationId} process {raw.Topic}", ActivityKind.Consumer, parent);
        if (span is not null)
        {
            span.SetTag("messaging.system", "kafka");
            span.SetTag("messaging.destination.name", raw.Topic);
            span.SetTag("messaging.destination.partition.id", raw.Partition);
            span.SetTag("messaging.kafka.offset", raw.Offset);
            KafkaTraceContext.Inject(raw.Headers!, span);
        }
        return span;
    }

    private void DeadLetter(RawRecord raw, Exception error)
    {
        var reason = error is RecordDecodeException decode ? "decode: " + decode.Reason : $"process: {error.GetType().Name}: {error.Message}";
        logger.LogWarning("Dead-lettering {Topic}[{Partition}]@{Offset}: {Reason}", raw.Topic, raw.Partition, raw.Offset, reason);
        var headers = DeadLetterHeaders.Build(reason, raw.Topic, raw.Partition, raw.Offset, raw.Headers);
        context.Collector.Send(deadLetterTopic, null, raw.Key, raw.Value, raw.Timestamp, headers);
        context.Metrics.DeadLetter();
        SplitstreamTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("source_topic", raw.Topic),
            new KeyValuePair<string, object?>("component", "streams"));
    }
}
