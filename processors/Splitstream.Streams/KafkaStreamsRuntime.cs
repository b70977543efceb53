using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// Runs a topology on Kafka: one consumer in the application's group, one idempotent producer, a task per owned
/// partition number. The group assigns partitions of the topology's first source topic (cooperative-sticky); the
/// same partition of every other source topic is assigned alongside, so co-partitioned inputs meet in one task. A new
/// task restores its stores from their changelogs before its first record. Commits flush the stores, wait for every
/// output and changelog acknowledgement, and only then commit the input offsets.
/// </summary>
public sealed class KafkaStreamsRuntime : IAsyncDisposable
{
    private readonly Topology topology;
    private readonly StreamsConfig config;
    private readonly ITopicProvisioner provisioner;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Dictionary<int, StreamTask> tasks = [];
    private readonly List<TopicPartition> pendingAssign = [];
    private readonly List<TopicPartition> pendingUnassign = [];
    private readonly Queue<(KafkaRecordCollector.Epoch Epoch, List<TopicPartitionOffset> Offsets)> pendingCommits = [];
    private readonly string primaryTopic;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConsumer<byte[], byte[]>? consumer;
    private IConsumer<byte[], byte[]>? restoreConsumer;
    // Metadata requests on the consumer's own handle, so what they learn lands in the consumer's metadata cache.
    private IAdminClient? consumerMetadata;
    private IProducer<byte[]?, byte[]?>? producer;
    private KafkaRecordCollector? collector;
    private Thread? thread;
    private volatile bool stopping;
    private volatile bool killed;
    private volatile int[] assigned = [];
    // A task that could not be set up inside the assignment callback: thrown after the poll that ran it (see OnAssigned).
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? assignmentFailure;
    private long lastCommit;
    private long lastCheckpoint;
    private int processedSinceCommit;

    public KafkaStreamsRuntime(Topology topology, StreamsConfig config, ITopicProvisioner provisioner, ILogger? logger = null, TimeProvider? time = null)
    {
        this.topology = topology;
        this.config = config;
        this.provisioner = provisioner;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        primaryTopic = topology.SourceTopics[0];
    }

    public StreamsMetrics Metrics { get; } = new();

    public RuntimeState State { get; private set; } = RuntimeState.Created;

    /// <summary>Why the runtime stopped by itself, when it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The partition numbers (tasks) this instance owns right now.</summary>
    public IReadOnlyList<int> AssignedTasks => assigned;

    /// <summary>Creates the changelog topics and starts the processing thread; returns once the consumer has subscribed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (State != RuntimeState.Created)
        {
            throw new InvalidOperationException($"a runtime starts once (it is {State})");
        }
        var partitions = SourcePartitionCount();
        await provisioner.EnsureTopicsAsync(
            topology.ChangelogTopics(config.ApplicationId).Select(t => new TopicSpec(t, partitions, Compacted: true)), cancellationToken);
        State = RuntimeState.Running;
        StateStoreGauge.Track(config.ApplicationId, Metrics);
        thread = new Thread(Run) { IsBackground = true, Name = $"streams-{config.ApplicationId}-{config.ClientId}" };
        thread.Start();
        await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Graceful stop: processes nothing more, commits, leaves the group (its partitions move to the other instances).</summary>
    public async Task StopAsync()
    {
        stopping = true;
        await JoinAsync();
    }

    /// <summary>
    /// Simulates a crash: stops at the next record or step, without flushing the producer or committing. Records
    /// sent but not acknowledged may or may not reach Kafka, exactly as when the process is killed.
    /// </summary>
    public async Task KillAsync()
    {
        killed = true;
        await JoinAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task JoinAsync()
    {
        StateStoreGauge.Untrack(Metrics);
        if (thread is { } t)
        {
            await Task.Run(() => t.Join());
        }
    }

    private int SourcePartitionCount()
    {
        using var admin = new AdminClientBuilder(Apply(new AdminClientConfig { ClientId = config.ClientId + "-admin" })).Build();
        var counts = topology.SourceTopics.Select(topic =>
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"source topic {topic} is not available: {metadata.Error.Reason}");
            }
            return (Topic: topic, Partitions: metadata.Partitions.Count);
        }).ToList();
        if (counts.Select(c => c.Partitions).Distinct().Count() > 1)
        {
            throw new InvalidOperationException("source topics of one topology must be co-partitioned: " +
                string.Join(", ", counts.Select(c => $"{c.Topic} has {c.Partitions}")));
        }
        return counts[0].Partitions;
    }

    private void Run()
    {
        try
        {
            producer = new ProducerBuilder<byte[]?, byte[]?>(Apply(new ProducerConfig
            {
                ClientId = config.ClientId,
                EnableIdempotence = true,
                Acks = Acks.All,
                LingerMs = 5,
                CompressionType = CompressionType.Lz4,
            })).Build();
            collector = new KafkaRecordCollector(producer);
            restoreConsumer = new ConsumerBuilder<byte[], byte[]>(ApplyConsumer(new ConsumerConfig
            {
                ClientId = config.ClientId + "-restore",
                GroupId = config.ApplicationId + "-restore",
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
            })).Build();
            consumer = new ConsumerBuilder<byte[], byte[]>(ApplyConsumer(new ConsumerConfig
            {
                ClientId = config.ClientId,
                GroupId = config.ApplicationId,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
                SessionTimeoutMs = config.SessionTimeoutMs,
                HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs / 6),
            }))
                .SetPartitionsAssignedHandler((_, partitions) => Rebalancing(() => OnAssigned(partitions)))
                .SetPartitionsRevokedHandler((_, partitions) => Rebalancing(() => OnRevoked(partitions.Select(p => p.TopicPartition).ToList(), commit: true)))
                .SetPartitionsLostHandler((_, partitions) => Rebalancing(() => OnRevoked(partitions.Select(p => p.TopicPartition).ToList(), commit: false)))
                .Build();
            consumer.Subscribe(primaryTopic);
            lastCommit = time.GetTimestamp();
            started.TrySetResult();
            Loop();
            if (!killed)
            {
                Commit(wait: true);
                // A clean stop closes its tasks with a checkpoint here, after the final commit (everything acknowledged),
                // so the next start on this state dir restores nothing. Not left to the revocation that Close() may
                // run: when it does not, the tasks would be closed in the finally block below without a checkpoint,
                // and a restart would re-read the changelog's tail since the last periodic checkpoint.
                foreach (var task in tasks.Values)
                {
                    task.Close(collector);
                }
                tasks.Clear();
                assigned = [];
                consumer.Close();
                collector.FlushAndCheck(() => killed);
                State = RuntimeState.Stopped;
            }
            else
            {
                State = RuntimeState.Killed;
            }
        }
        catch (Exception e)
        {
            Failure = e;
            State = RuntimeState.Failed;
            logger.LogCritical(e, "Streams runtime {ApplicationId}/{ClientId} failed; nothing after the last commit is committed", config.ApplicationId, config.ClientId);
            started.TrySetException(e);
        }
        finally
        {
            // A failed runtime leaves like a killed one: the revocation that disposing the consumer may run must not
            // commit; disposing the producer without a flush drops unacknowledged records, as a crash would.
            if (State == RuntimeState.Failed)
            {
                killed = true;
            }
            // Tasks still open here were not closed by a revocation after a final commit: a crash, a kill or a
            // failure. Their stores close without a new checkpoint (the files' locks must go for a replacement).
            foreach (var task in tasks.Values)
            {
                task.Close();
            }
            tasks.Clear();
            producer?.Dispose();
            if (State == RuntimeState.Failed)
            {
                LeaveGroup();
            }
            consumerMetadata?.Dispose();
            consumer?.Dispose();
            restoreConsumer?.Dispose();
            assigned = [];
        }
    }

    /// <summary>
    /// A failed runtime leaves the group the way a clean stop does (its revocation commits nothing: it counts as killed),
    /// so its replacement gets the partitions at once rather than after the session timeout, and the client's group
    /// handler terminates through the close protocol rather than inside destroy.
    /// </summary>
    private void LeaveGroup()
    {
        try
        {
            consumer?.Close();
        }
        catch (KafkaException e)
        {
            // The runtime has failed already (that failure is what the supervisor reports); this one only means the
            // group learns of the departure by the session timeout instead.
            logger.LogWarning("{ClientId}: leaving the group after the failure did not complete: {Reason}", config.ClientId, e.Error.Reason);
        }
    }

    private void Loop()
    {
        var consumer = this.consumer!;
        while (!stopping && !killed)
        {
            for (var polled = 0; polled < config.MaxPollRecords && !killed; polled++)
            {
                ConsumeResult<byte[], byte[]>? result;
                // Timed on the round's first poll only, the one that may wait; the rest take what is already fetched.
                var consumeStarted = polled == 0 ? Stopwatch.GetTimestamp() : 0;
                var rebalanceBefore = polled == 0 ? Metrics.RebalanceTicks : 0;
                try
                {
                    result = consumer.Consume(polled == 0 ? config.PollTimeout : TimeSpan.Zero);
                    if (polled == 0)
                    {
                        Metrics.PollWaited(consumeStarted, rebalanceBefore);
                    }
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // A fetch that failed (request timed out, leader moved, broker away): librdkafka reports it and
                    // fetches again by itself, from the same position. Not a reason to replace the runtime: a
                    // replacement restores every store again, and a consumer destroyed in the middle of a rebalance
                    // can hang librdkafka (confluentinc/librdkafka#4674), as seen in the fault suite's request-errors.
                    Metrics.ConsumeError();
                    logger.LogWarning("{ClientId}: consume error, fetching again: {Reason}", config.ClientId, e.Error.Reason);
                    result = null;
                }
                assignmentFailure?.Throw();
                ApplyPendingAssignments();
                if (result is null)
                {
                    break;
                }
                // A record of a co-partition whose task was just revoked is dropped: its next owner reads it again.
                if (tasks.TryGetValue(result.Partition.Value, out var task))
                {
                    task.Enqueue(RawRecord.From(result));
                }
            }
            var phase = Stopwatch.GetTimestamp();
            foreach (var task in tasks.Values)
            {
                while (!killed && task.ProcessNext())
                {
                    processedSinceCommit++;
                }
            }
            Metrics.Processed(phase);
            if (killed)
            {
                return;
            }
            phase = Stopwatch.GetTimestamp();
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var task in tasks.Values)
            {
                task.PunctuateWallClock(now);
            }
            Metrics.Punctuated(phase);
            phase = Stopwatch.GetTimestamp();
            if (time.GetElapsedTime(lastCommit) >= config.CommitInterval || processedSinceCommit >= config.CommitRecords)
            {
                Commit(wait: false);
            }
            CommitAcknowledged();
            Metrics.Committed(phase);
        }
    }

    /// <summary>
    /// Starts a commit: flushes the stores to their changelogs and seals the producer's epoch with the input offsets
    /// processed so far. Those offsets are committed once everything sent up to here is acknowledged: at once when
    /// <paramref name="wait"/> (revocation, shutdown), otherwise by <see cref="CommitAcknowledged"/> while processing
    /// goes on.
    /// </summary>
    private void Commit(bool wait)
    {
        lastCommit = time.GetTimestamp();
        processedSinceCommit = 0;
        if (killed)
        {
            return;
        }
        foreach (var task in tasks.Values)
        {
            task.FlushStores();
        }
        Metrics.StoreSizes(tasks.Values.SelectMany(t => t.Stores.Values).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Sum(s => (long)s.Count)));
        var epoch = collector!.Seal();
        var offsets = tasks.Values.SelectMany(t => t.CommittableOffsets()).ToList();
        if (offsets.Count > 0)
        {
            pendingCommits.Enqueue((epoch, offsets));
        }
        if (wait)
        {
            collector.FlushAndCheck(() => killed);
            if (!killed)
            {
                CommitAcknowledged();
            }
        }
    }

    /// <summary>Commits the offsets of every sealed epoch whose records, and those of all epochs before it, are acknowledged.</summary>
    private void CommitAcknowledged()
    {
        var ready = new Dictionary<TopicPartition, TopicPartitionOffset>();
        while (pendingCommits.Count > 0 && pendingCommits.Peek().Epoch.Acknowledged)
        {
            // Later epochs carry later offsets of the same partitions: the last one wins.
            foreach (var offset in pendingCommits.Dequeue().Offsets)
            {
                ready[offset.TopicPartition] = offset;
            }
        }
        // Checked after the epochs: a delivery report records its failure before it counts down, so an epoch seen as
        // acknowledged has its failures visible here.
        collector!.ThrowIfFailed();
        if (ready.Count == 0 || killed)
        {
            return;
        }
        var offsets = ready.Values.ToList();
        try
        {
            consumer!.Commit(offsets);
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            // E.g. a rebalance in progress: the offsets stay uncommitted and are offered again at the next commit;
            // whatever is re-read after a reassignment is deduplicated by the state it already changed.
            logger.LogWarning("Commit of {Count} offsets failed, retried at the next commit: {Error}", offsets.Count, e.Error.Reason);
            return;
        }
        foreach (var task in tasks.Values)
        {
            task.MarkCommitted(offsets);
        }
        Metrics.Commit();
        if (time.GetElapsedTime(lastCheckpoint) >= config.CheckpointInterval)
        {
            lastCheckpoint = time.GetTimestamp();
            foreach (var task in tasks.Values)
            {
                task.Checkpoint(collector);
            }
        }
    }

    /// <summary>Runs an assignment callback, its time counted as rebalancing (<see cref="StreamsMetrics.RebalanceTime"/>), not as a poll's wait.</summary>
    private List<TopicPartitionOffset> Rebalancing(Func<IEnumerable<TopicPartitionOffset>> callback)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Materialised here, so the time of a lazily built result is counted too (the client enumerates it once).
            return callback().ToList();
        }
        finally
        {
            Metrics.Rebalanced(started);
        }
    }

    private void Rebalancing(Action callback)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            callback();
        }
        finally
        {
            Metrics.Rebalanced(started);
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        if (killed)
        {
            return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
        }
        if (assignmentFailure is not null)
        {
            return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
        }
        long restoredTotal = 0;
        foreach (var partition in partitions.Select(p => p.Partition.Value))
        {
            var task = new StreamTask(topology, partition, config.ApplicationId, config.DeadLetterTopic, Metrics, logger, collector!,
                () => time.GetUtcNow().ToUnixTimeMilliseconds(), TaskDirectory(partition));
            long restored;
            try
            {
                restored = Restore(task);
                task.Initialize();
            }
            catch (Exception e)
            {
                // Not thrown out of the callback: the client would never complete this assignment, and destroying a
                // consumer whose rebalance waits for the application hangs in librdkafka's group termination. The
                // assignment completes (without tasks for the rest, so nothing of it is processed or committed) and
                // the poll that ran this callback throws, which fails the runtime: the supervisor replaces it.
                task.Close();
                assignmentFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                logger.LogError(e, "{ClientId} could not set up task {Partition} of {ApplicationId}", config.ClientId, partition, config.ApplicationId);
                break;
            }
            tasks[partition] = task;
            pendingAssign.AddRange(topology.SourceTopics.Where(t => t != primaryTopic).Select(t => new TopicPartition(t, partition)));
            restoredTotal += restored;
            logger.LogDebug("{ClientId} took task {Partition} of {ApplicationId} ({Restored} changelog records restored)",
                config.ClientId, partition, config.ApplicationId, restored);
        }
        assigned = tasks.Keys.Order().ToArray();
        if (partitions.Count > 0 && assignmentFailure is null)
        {
            // One line per assignment, not one per task: 12 partitions times six topologies drowned the start of make run.
            logger.LogInformation("{ClientId} took tasks {Partitions} of {ApplicationId} ({Restored} changelog records restored); owns {Owned}",
                config.ClientId, Ranges(partitions.Select(p => p.Partition.Value)), config.ApplicationId, restoredTotal, Ranges(assigned));
        }
        // The committed offsets of the group are where the task resumes.
        return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
    }

    private void OnRevoked(List<TopicPartition> partitions, bool commit)
    {
        var how = !commit ? "lost" : killed ? "revoked after a failure, nothing committed" : "revoked, committed";
        if (commit && !killed)
        {
            Commit(wait: true);
        }
        // Offsets of partitions this instance no longer owns must never be committed by it: their new owner may be ahead.
        var gone = partitions.Select(p => p.Partition.Value).ToHashSet();
        var kept = pendingCommits.Select(c => (c.Epoch, c.Offsets.Where(o => !gone.Contains(o.Partition.Value)).ToList())).ToList();
        pendingCommits.Clear();
        foreach (var entry in kept)
        {
            pendingCommits.Enqueue(entry);
        }
        foreach (var partition in partitions.Select(p => p.Partition.Value))
        {
            if (tasks.Remove(partition, out var task))
            {
                // Revoked after the commit above (everything acknowledged): a clean close with a checkpoint. Lost: dirty.
                task.Close(commit && !killed ? collector : null);
                pendingUnassign.AddRange(topology.SourceTopics.Where(t => t != primaryTopic).Select(t => new TopicPartition(t, partition)));
                logger.LogDebug("{ClientId} gave up task {Partition} of {ApplicationId} ({How})", config.ClientId, partition,
                    config.ApplicationId, how);
            }
        }
        assigned = tasks.Keys.Order().ToArray();
        if (partitions.Count > 0)
        {
            logger.LogInformation("{ClientId} gave up tasks {Partitions} of {ApplicationId} ({How}); owns {Owned}", config.ClientId,
                Ranges(partitions.Select(p => p.Partition.Value)), config.ApplicationId, how, Ranges(assigned));
        }
    }

    /// <summary>Partition numbers as ranges for a log line: 0-3,7,9-11 (none: "none").</summary>
    internal static string Ranges(IEnumerable<int> partitions)
    {
        var sorted = partitions.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            parts.Add(i == j ? FormattableString.Invariant($"{sorted[i]}") : FormattableString.Invariant($"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }
        return parts.Count == 0 ? "none" : string.Join(',', parts);
    }

    /// <summary>
    /// Co-partitions follow their task. The client forbids changing the assignment inside a cooperative rebalance
    /// handler, so the handlers queue the change and it is applied right after the poll that ran them.
    /// </summary>
    private void ApplyPendingAssignments()
    {
        if (pendingUnassign.Count > 0)
        {
            consumer!.IncrementalUnassign(pendingUnassign.ToList());
            pendingUnassign.Clear();
        }
        if (pendingAssign.Count > 0)
        {
            PrimeMetadata(pendingAssign.Select(tp => tp.Topic).Distinct());
            consumer!.IncrementalAssign(pendingAssign.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList());
            pendingAssign.Clear();
        }
    }

    /// <summary>
    /// Asks for the co-partition topics' metadata on the consumer's handle before assigning their partitions. They are
    /// outside the subscription, so the client may not know their leaders yet, and then it fetched nothing from them
    /// for 635–675 ms after each assignment while the primary topic's records flowed; with their metadata asked for
    /// first, their first records came 104–186 ms after it (bench-streams, activity-metrics, 2026-12-01). A refusal
    /// costs only that delay: the assignment goes ahead and the client finds the leaders itself.
    /// </summary>
    private void PrimeMetadata(IEnumerable<string> topics)
    {
        consumerMetadata ??= new DependentAdminClientBuilder(consumer!.Handle).Build();
        foreach (var topic in topics)
        {
            try
            {
                consumerMetadata.GetMetadata(topic, TimeSpan.FromSeconds(5));
            }
            catch (KafkaException e)
            {
                logger.LogWarning("{ClientId}: no metadata for co-partition topic {Topic} before assigning it ({Reason}); the client will look it up",
                    config.ClientId, topic, e.Error.Reason);
            }
        }
    }

    /// <summary>The task's state directory; created (0700) by the task only when the topology has persistent stores.</summary>
    private string TaskDirectory(int partition) =>
        Path.Combine(Path.GetFullPath(config.StateDir), config.ApplicationId, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Reads each logged store's changelog partition into the new task's stores up to its end: from the beginning for
    /// in-memory stores, from the task's checkpoint for persistent ones (see <see cref="StreamTask.PlanRestore"/>).
    /// </summary>
    private long Restore(StreamTask task)
    {
        var clock = Stopwatch.StartNew();
        var restored = 0L;
        foreach (var store in topology.StoreNames.Where(s => task.Stores[s].Logged))
        {
            var partition = new TopicPartition(Topics.Changelog(config.ApplicationId, store), task.Partition);
            var watermarks = restoreConsumer!.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
            if (watermarks.Low.Value > 0)
            {
                // Compaction keeps a changelog's start at 0; a later start means retention deleted state.
                logger.LogWarning("Changelog {Partition} starts at offset {Low}: older records were deleted from the topic",
                    partition, watermarks.Low.Value);
            }
            var plan = task.PlanRestore(store, watermarks.Low.Value, watermarks.High.Value);
            if (plan.VerifyOffset is { } verify && ReadOne(partition, verify) is { } before
                && ChangelogPosition.FingerprintOf(before.Message.Key, before.Message.Value, before.Message.Timestamp.UnixTimestampMs) != plan.Fingerprint)
            {
                task.CheckpointRejected(store);
                plan = RestorePlan.Full(watermarks.Low.Value);
            }
            restored += RestoreRange(task, store, partition, plan.From, watermarks.High.Value);
            task.RestoreCompleted(store);
        }
        Metrics.Restored(restored, clock.Elapsed);
        SplitstreamTelemetry.RestoreDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("application", config.ApplicationId));
        return restored;
    }

    /// <summary>The record at an offset; null when there is none there (compacted away: a checkpoint that can't be verified is trusted).</summary>
    private ConsumeResult<byte[], byte[]>? ReadOne(TopicPartition partition, long offset)
    {
        restoreConsumer!.Assign(new TopicPartitionOffset(partition, offset));
        try
        {
            var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
            while (time.GetUtcNow() <= deadline)
            {
                if (ConsumeForRestore() is { } record)
                {
                    return record.Offset.Value == offset ? record : null;
                }
            }
            throw new StreamsFatalException($"reading {partition}@{offset} timed out");
        }
        finally
        {
            restoreConsumer.Unassign();
        }
    }

    private long RestoreRange(StreamTask task, string store, TopicPartition partition, long from, long high)
    {
        if (high <= from)
        {
            return 0;
        }
        var restored = 0L;
        restoreConsumer!.Assign(new TopicPartitionOffset(partition, from));
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            var record = ConsumeForRestore();
            if (record is not null)
            {
                task.Restore(store, record.Message.Key, record.Message.Value, record.Message.Timestamp.UnixTimestampMs, record.Offset.Value);
                restored++;
                if (record.Offset.Value >= high - 1)
                {
                    break;
                }
                // A long restore is progress, not a hang: the deadline is per record.
                deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
            }
            else if (time.GetUtcNow() > deadline)
            {
                throw new StreamsFatalException($"restoring {partition} did not reach offset {high}");
            }
        }
        restoreConsumer.Unassign();
        return restored;
    }

    /// <summary>
    /// One poll of the restore consumer. A failed fetch is reported and fetched again by the client, so it is no record
    /// yet rather than a failed restore: the restore's per-record deadline decides when it has waited too long.
    /// </summary>
    private ConsumeResult<byte[], byte[]>? ConsumeForRestore()
    {
        try
        {
            return restoreConsumer!.Consume(TimeSpan.FromMilliseconds(200));
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            Metrics.ConsumeError();
            logger.LogWarning("{ClientId}: consume error while restoring, fetching again: {Reason}", config.ClientId, e.Error.Reason);
            return null;
        }
    }

    private ConsumerConfig ApplyConsumer(ConsumerConfig consumerConfig)
    {
        Apply(consumerConfig);
        foreach (var (key, value) in config.ConsumerKafka)
        {
            consumerConfig.Set(key, value);
        }
        return consumerConfig;
    }

    private T Apply<T>(T clientConfig) where T : ClientConfig
    {
        clientConfig.BootstrapServers = config.BootstrapServers;
        foreach (var (key, value) in config.Kafka)
        {
            clientConfig.Set(key, value);
        }
        return clientConfig;
    }
}
