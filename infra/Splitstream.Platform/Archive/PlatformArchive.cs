using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Schemas;

namespace Splitstream.Platform.Archive;

/// <summary>
/// Makes the embedded cluster (librdkafka's mock: memory only, at most 5 MiB per partition) survive restarts, SIGKILL
/// included. An archiver follows every partition of every topic and appends each record (offset, timestamp, key, value,
/// headers) to <c>&lt;directory&gt;/&lt;topic&gt;/&lt;partition&gt;/*.log</c>, fsync'd in small batches; producers that
/// must not lose an acknowledged record wait for <see cref="WaitDurableAsync"/>. Consumer groups' committed offsets are
/// saved every few seconds, only once every record below the cluster's end offsets at that moment is on disk (so no
/// saved offset ever points past an output the archive lacks). At start, <see cref="Restore"/> re-produces the archive
/// into the fresh cluster in offset order, so every record comes back at its own offset, then commits the saved offsets.
/// </summary>
public sealed class PlatformArchive : IRecordDurability, IDisposable
{
    private const string ArchiverGroup = "splitstream-platform-archiver";
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(10);

    private readonly string root;
    private readonly ArchiveOptions options;
    private readonly ILogger log;
    private readonly object gate = new();
    private readonly Dictionary<string, TopicSpec> topics = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), PartitionArchive> partitions = [];
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> durable = new();
    private readonly ConcurrentQueue<TopicSpec> toAssign = new();
    private readonly HashSet<string> groups = new(StringComparer.Ordinal);
    private readonly HashSet<(string Topic, int Partition)> assigned = [];
    private readonly CancellationTokenSource stopping = new();
    private TaskCompletionSource flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EmbeddedKafkaCluster? cluster;
    private Thread? archiver;
    private Task? snapshots;
    private Exception? failure;
    private int disposed;

    private PlatformArchive(string root, ArchiveOptions options, ILogger log)
    {
        this.root = root;
        this.options = options;
        this.log = log;
    }

    public string Directory => root;

    /// <summary>Bytes of all segment files now.</summary>
    public long FileBytes
    {
        get
        {
            lock (gate)
            {
                return partitions.Values.Sum(p => p.FileBytes);
            }
        }
    }

    /// <summary>Records that arrived after offsets the archiver never saw (the cluster dropped them first); should stay 0.</summary>
    public long Gaps
    {
        get
        {
            lock (gate)
            {
                return partitions.Values.Sum(p => p.Gaps);
            }
        }
    }

    /// <summary>Opens the archive in <paramref name="directory"/> (created 0700 if missing); nothing runs until <see cref="Start"/>.</summary>
    public static PlatformArchive Open(string directory, ArchiveOptions? options = null, ILogger? log = null)
    {
        var root = Path.GetFullPath(directory);
        Splitstream.Schemas.PrivateFiles.CreateDirectory(root);
        var archive = new PlatformArchive(root, options ?? new ArchiveOptions(), log ?? NullLogger.Instance);
        foreach (var topic in ArchiveFiles.ReadTopics(root))
        {
            archive.topics[topic.Name] = topic;
        }
        archive.groups.UnionWith(ArchiveFiles.ReadGroups(root).Keys);
        return archive;
    }

    /// <summary>Consumer groups whose committed offsets are saved and restored (the cluster cannot list its groups).</summary>
    public void TrackConsumerGroups(IEnumerable<string> groupIds)
    {
        lock (gate)
        {
            groups.UnionWith(groupIds);
        }
    }

    /// <summary>
    /// Puts the archive back into a fresh cluster: its topics, every record at its archived offset (offsets the archive no
    /// longer holds as empty placeholders, which the cluster's 5 MiB cap drops again because the archive keeps more than
    /// that), and the saved committed offsets. Call before anything else uses the cluster.
    /// </summary>
    public RestoreReport Restore(EmbeddedKafkaCluster target, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        List<TopicSpec> specs;
        lock (gate)
        {
            specs = [.. topics.Values];
        }
        foreach (var spec in specs)
        {
            target.CreateTopic(spec);
        }
        long records = 0, placeholders = 0, bytes = 0, errors = 0;
        var restored = new List<(PartitionArchive Archive, long FirstRecord, bool Placeheld)>();
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = target.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 20,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 1_000_000,
            QueueBufferingMaxKbytes = 1_048_576,
            // Uncompressed: the cluster's 5 MiB cap then counts at least each record's payload, which retention relies on.
            CompressionType = CompressionType.None,
            MessageTimeoutMs = 300_000,
        }).SetLogHandler((_, m) => log.LogDebug("restore producer {Facility}: {Message}", m.Facility, m.Message)).Build())
        {
            void Report(DeliveryReport<byte[]?, byte[]?> report)
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            Action<DeliveryReport<byte[]?, byte[]?>> onDelivery = Report;
            void Send(TopicPartition tp, Message<byte[]?, byte[]?> message, bool placeholder = false)
            {
                while (true)
                {
                    try
                    {
                        // Placeholders go without a delivery handler (a handler costs a GC handle per message, and there
                        // are millions after days of `make run`); the end-offset check below catches any that failed.
                        producer.Produce(tp, message, placeholder ? null : onDelivery);
                        return;
                    }
                    catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50));
                    }
                }
            }
            var empty = new Message<byte[]?, byte[]?> { Key = null, Value = null };
            foreach (var spec in specs)
            {
                for (var partition = 0; partition < spec.Partitions; partition++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var archive = Partition(spec.Name, partition);
                    var tp = new TopicPartition(spec.Name, partition);
                    var (expected, first) = (0L, -1L);
                    foreach (var record in archive.ReadAll())
                    {
                        first = first < 0 ? record.Offset : first;
                        for (; expected < record.Offset; expected++, placeholders++)
                        {
                            Send(tp, empty, placeholder: true);
                        }
                        var headers = new Headers();
                        foreach (var (name, value) in record.Headers)
                        {
                            headers.Add(name, value);
                        }
                        Send(tp, new Message<byte[]?, byte[]?>
                        {
                            Key = record.Key, Value = record.Value, Headers = headers, Timestamp = new Timestamp(record.TimestampMs, TimestampType.CreateTime),
                        });
                        expected++;
                        records++;
                        bytes += record.PayloadBytes;
                    }
                    restored.Add((archive, first, first > 0));
                }
            }
            if (producer.Flush(TimeSpan.FromMinutes(10)) > 0 || Interlocked.Read(ref errors) > 0)
            {
                throw new InvalidOperationException($"restoring the archive into the embedded cluster failed: {errors} records not delivered");
            }
        }
        var mismatched = VerifyOffsets(target, restored);
        var restoredGroups = RestoreCommittedOffsets(target);
        var report = new RestoreReport(specs.Count, restored.Count, records, placeholders, bytes, restoredGroups, mismatched, clock.Elapsed);
        log.LogInformation("platform archive {Directory}: restored {Report}", root, report);
        return report;
    }

    /// <summary>Starts archiving the cluster: every topic it has and every topic created from now on.</summary>
    public void Start(EmbeddedKafkaCluster source)
    {
        cluster = source;
        source.TopicCreated += OnTopicCreated;
        foreach (var spec in source.Topics)
        {
            OnTopicCreated(spec);
        }
        archiver = new Thread(Archive) { IsBackground = true, Name = "platform-archiver" };
        archiver.Start();
        snapshots = Task.Run(SnapshotLoopAsync);
    }

    public async ValueTask WaitDurableAsync(string topic, int partition, long offset, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref flushed).Task;
            if (durable.TryGetValue((topic, partition), out var next) && next > offset)
            {
                return;
            }
            if (failure is not null)
            {
                throw new InvalidOperationException("the platform archive stopped: " + failure.Message, failure);
            }
            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stops archiving after catching up with the cluster's end offsets (a stop loses nothing the cluster took) and saves
    /// the committed offsets one last time.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        if (cluster is not null)
        {
            cluster.TopicCreated -= OnTopicCreated;
            stopping.Cancel();
            archiver?.Join();
            try
            {
                snapshots?.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Stopped between two snapshots.
            }
            if (failure is null)
            {
                SnapshotGroups(drain: false);
            }
        }
        lock (gate)
        {
            foreach (var archive in partitions.Values)
            {
                archive.Dispose();
            }
        }
        Volatile.Read(ref flushed).TrySetResult();
        stopping.Dispose();
    }

    private void OnTopicCreated(TopicSpec spec)
    {
        lock (gate)
        {
            if (!topics.TryGetValue(spec.Name, out var known) || known != spec)
            {
                topics[spec.Name] = spec;
                ArchiveFiles.WriteTopics(root, topics.Values);
            }
        }
        toAssign.Enqueue(spec);
    }

    private PartitionArchive Partition(string topic, int partition)
    {
        lock (gate)
        {
            if (!partitions.TryGetValue((topic, partition), out var archive))
            {
                partitions[(topic, partition)] = archive = PartitionArchive.Open(root, topic, partition, options.SegmentBytes);
                durable[(topic, partition)] = archive.NextOffset;
            }
            return archive;
        }
    }

    private void Archive()
    {
        try
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
            {
                BootstrapServers = cluster!.BootstrapServers,
                GroupId = ArchiverGroup,
                ClientId = ArchiverGroup,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                // A waiting 202 is this fetch wait plus an fsync away: keep both short.
                FetchWaitMaxMs = 5,
                FetchMaxBytes = 16 * 1024 * 1024,
            }).SetLogHandler((_, m) => log.LogDebug("archiver {Facility}: {Message}", m.Facility, m.Message)).Build();
            var dirty = new HashSet<PartitionArchive>();
            var lastRetention = Stopwatch.StartNew();
            while (!stopping.IsCancellationRequested)
            {
                AssignNewTopics(consumer);
                ConsumeBatch(consumer, dirty, options.FlushInterval);
                Flush(dirty);
                if (lastRetention.Elapsed >= options.RetentionInterval)
                {
                    ApplyRetention();
                    lastRetention.Restart();
                }
            }
            AssignNewTopics(consumer);
            DrainToEnd(consumer, dirty);
            consumer.Close();
        }
        catch (Exception e)
        {
            // Nothing can be acknowledged any more: waiters get the failure (503 to devices) rather than a silent 202.
            failure = e;
            log.LogCritical(e, "platform archive {Directory} stopped: acknowledgements of the embedded cluster wait no more", root);
            Interlocked.Exchange(ref flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private void AssignNewTopics(IConsumer<byte[]?, byte[]?> consumer)
    {
        var assign = new List<TopicPartitionOffset>();
        while (toAssign.TryDequeue(out var spec))
        {
            for (var partition = 0; partition < spec.Partitions; partition++)
            {
                if (assigned.Add((spec.Name, partition)))
                {
                    assign.Add(new TopicPartitionOffset(spec.Name, partition, Partition(spec.Name, partition).NextOffset));
                }
            }
        }
        if (assign.Count > 0)
        {
            consumer.IncrementalAssign(assign);
        }
    }

    /// <summary>Appends what the cluster has, returning once nothing more came within <paramref name="wait"/> or after a large batch.</summary>
    private void ConsumeBatch(IConsumer<byte[]?, byte[]?> consumer, HashSet<PartitionArchive> dirty, TimeSpan wait)
    {
        for (var count = 0; count < 20_000; count++)
        {
            var result = consumer.Consume(count == 0 ? wait : TimeSpan.Zero);
            if (result is null)
            {
                return;
            }
            if (result.IsPartitionEOF)
            {
                continue;
            }
            var archive = Partition(result.Topic, result.Partition.Value);
            var message = result.Message;
            var headers = message.Headers is null
                ? []
                : message.Headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes() ?? [])).ToList();
            archive.Append(new ArchivedRecord(result.Offset.Value, message.Timestamp.UnixTimestampMs, message.Key, message.Value, headers));
            dirty.Add(archive);
        }
    }

    private void Flush(HashSet<PartitionArchive> dirty)
    {
        if (dirty.Count == 0)
        {
            return;
        }
        if (dirty.Count > 4)
        {
            Parallel.ForEach(dirty, archive => archive.Flush());
        }
        else
        {
            foreach (var archive in dirty)
            {
                archive.Flush();
            }
        }
        foreach (var archive in dirty)
        {
            durable[(archive.Topic, archive.Partition)] = archive.NextOffset;
        }
        dirty.Clear();
        Interlocked.Exchange(ref flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>On an orderly stop: archive everything up to the end offsets the cluster has now, then flush.</summary>
    private void DrainToEnd(IConsumer<byte[]?, byte[]?> consumer, HashSet<PartitionArchive> dirty)
    {
        var ends = EndOffsets(consumer);
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(30);)
        {
            if (ends.All(e => Partition(e.Key.Topic, e.Key.Partition).NextOffset >= e.Value))
            {
                break;
            }
            ConsumeBatch(consumer, dirty, TimeSpan.FromMilliseconds(50));
        }
        Flush(dirty);
    }

    private Dictionary<(string Topic, int Partition), long> EndOffsets(IConsumer<byte[]?, byte[]?> consumer)
    {
        List<(string Topic, int Partition)> keys;
        lock (gate)
        {
            keys = [.. partitions.Keys];
        }
        return keys.ToDictionary(k => k, k => consumer.QueryWatermarkOffsets(new TopicPartition(k.Topic, k.Partition), KafkaTimeout).High.Value);
    }

    private void ApplyRetention()
    {
        List<PartitionArchive> all;
        lock (gate)
        {
            all = [.. partitions.Values];
        }
        var deleted = all.Sum(a => a.Retain(options.KeepPayloadBytesPerPartition));
        if (deleted > 0)
        {
            log.LogDebug("platform archive retention deleted {Segments} segments", deleted);
        }
    }

    private async Task SnapshotLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(options.GroupSnapshotInterval, stopping.Token);
            try
            {
                SnapshotGroups(drain: true);
            }
            catch (Exception e) when (e is KafkaException or TimeoutException or IOException)
            {
                // The previous snapshot stays: restoring slightly older offsets only repeats idempotent work.
                log.LogWarning("platform archive: committed offsets not saved this time: {Reason}", e.Message);
            }
        }
    }

    /// <summary>
    /// Saves the tracked groups' committed offsets. The file is written only after the archive holds every record below
    /// the end offsets read after the commits were (<paramref name="drain"/>; on Dispose the archiver has already drained):
    /// a group commits input only after its outputs were acknowledged, so those outputs are then on disk too.
    /// </summary>
    private void SnapshotGroups(bool drain)
    {
        List<string> groupIds;
        List<TopicPartition> all;
        lock (gate)
        {
            groupIds = [.. groups];
            all = topics.Values.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p))).ToList();
        }
        var saved = ArchiveFiles.ReadGroups(root);
        foreach (var group in groupIds)
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = cluster!.BootstrapServers, GroupId = group, EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            var committed = consumer.Committed(all, KafkaTimeout).Where(c => c.Offset.Value >= 0)
                .Select(c => new CommittedOffset(c.Topic, c.Partition.Value, c.Offset.Value)).ToList();
            if (committed.Count > 0)
            {
                saved[group] = committed;
            }
        }
        if (drain)
        {
            using var reader = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster!.BootstrapServers, GroupId = ArchiverGroup })
                .SetLogHandler((_, _) => { }).Build();
            var ends = EndOffsets(reader);
            for (var deadline = Stopwatch.StartNew(); !ends.All(e => durable.GetValueOrDefault(e.Key) >= e.Value);)
            {
                if (deadline.Elapsed > KafkaTimeout || failure is not null || stopping.IsCancellationRequested)
                {
                    throw new TimeoutException("the archive did not reach the cluster's end offsets in time");
                }
                Thread.Sleep(20);
            }
        }
        ArchiveFiles.WriteGroups(root, saved);
    }

    private int RestoreCommittedOffsets(EmbeddedKafkaCluster target)
    {
        var saved = ArchiveFiles.ReadGroups(root);
        foreach (var (group, offsets) in saved)
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = target.BootstrapServers, GroupId = group, EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            // A simple (unsubscribed) commit: the group has no members yet, so the cluster takes it as is.
            consumer.Commit(offsets.Select(o => new TopicPartitionOffset(o.Topic, o.Partition, o.Offset)));
        }
        lock (gate)
        {
            groups.UnionWith(saved.Keys);
        }
        return saved.Count;
    }

    private int VerifyOffsets(EmbeddedKafkaCluster target, List<(PartitionArchive Archive, long FirstRecord, bool Placeheld)> restored)
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = target.BootstrapServers, GroupId = ArchiverGroup })
            .SetLogHandler((_, _) => { }).Build();
        var mismatched = 0;
        foreach (var (archive, first, placeheld) in restored)
        {
            var marks = reader.QueryWatermarkOffsets(new TopicPartition(archive.Topic, archive.Partition), KafkaTimeout);
            if (marks.High.Value != archive.NextOffset)
            {
                mismatched++;
                log.LogError("platform archive: {Topic}[{Partition}] came back ending at {High}, archived up to {Next}",
                    archive.Topic, archive.Partition, marks.High.Value, archive.NextOffset);
            }
            else if (placeheld && marks.Low.Value < first)
            {
                log.LogWarning("platform archive: {Topic}[{Partition}] still shows {Count} placeholder offsets (the archive keeps less than the cluster)",
                    archive.Topic, archive.Partition, first - marks.Low.Value);
            }
        }
        return mismatched;
    }
}
