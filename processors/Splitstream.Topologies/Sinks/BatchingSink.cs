using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Processors.Sinks;

/// <summary>
/// A consumer that writes what it reads to the store in batches and commits a partition's offset only after the
/// batch holding its records committed in the store: a crash at any moment re-delivers records, never loses one,
/// and the idempotent writes make the re-delivery harmless. A failed write is retried (never skipped) until the
/// store answers again; undecodable records go to the dead-letter topic first and are then passed.
/// </summary>
public sealed class BatchingSink(
    string name,
    string groupId,
    IReadOnlyList<string> topics,
    ISinkBatch batch,
    TimeSpan maxDelay,
    KafkaClients clients,
    DeadLetterPublisher deadLetters,
    ILogger log,
    Action<IReadOnlyList<TopicPartition>, bool>? onAssignment = null) : BackgroundService
{
    /// <summary>Next offset to commit per partition: everything below it is in the store (or the dead-letter topic).</summary>
    private readonly Dictionary<TopicPartition, Offset> written = [];

    /// <summary>Offsets of records in the pending batch, committed once it is written.</summary>
    private readonly Dictionary<TopicPartition, Offset> pending = [];

    /// <summary>Trace contexts of the pending batch's records (W3C headers), linked from the span of its write.</summary>
    private readonly List<ActivityLink> traces = [];

    private long recordsWritten;
    private int batchRecords;
    private int assignedPartitions;

    /// <summary>True while the last offset commit failed: retried after a backoff even if no further record arrives.</summary>
    private bool commitOwed;
    private int commitFailures;
    private long commitRetryAt;
    private volatile bool pauseRequested;
    private volatile bool paused;

    /// <summary>
    /// Stops reading (the consumer stays in its group, its partitions paused) until <see cref="Resume"/>; what is
    /// produced meanwhile waits in Kafka as consumer lag. For operators and the lag test.
    /// </summary>
    public void Pause() => pauseRequested = true;

    /// <summary>Reads again from where the sink paused.</summary>
    public void Resume() => pauseRequested = false;

    /// <summary>True once the consumer's partitions are paused (the round after <see cref="Pause"/>).</summary>
    public bool IsPaused => paused;

    /// <summary>Records whose batch the store committed (for tests and metrics).</summary>
    public long RecordsWritten => Interlocked.Read(ref recordsWritten);

    /// <summary>Partitions this sink's consumer owns now (its group's assignment; for tests and operators).</summary>
    public int AssignedPartitions => Volatile.Read(ref assignedPartitions);

    public string Name => name;

    /// <summary>The consumer group this sink reads in (shared by its loops and by every host running it).</summary>
    public string GroupId => groupId;

    /// <summary>The topics this sink reads (its consumer group's subscription).</summary>
    public IReadOnlyList<string> Topics => topics;

    /// <summary>Where this sink's thread spends its time (consume wait, decode, store writes, offset commits).</summary>
    public SinkPhaseTimes Phases { get; } = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: a thread of its own rather than one of the pool's.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Named so per-thread CPU (top -H, the benches' thread table) tells the sinks apart.
        Thread.CurrentThread.Name = name;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(clients.Consumer(groupId, $"{groupId}-{Environment.ProcessId}"))
            .SetPartitionsAssignedHandler((_, assigned) =>
            {
                // Cooperative-sticky: each call adds to the assignment, each revoke or loss takes from it.
                Interlocked.Add(ref assignedPartitions, assigned.Count);
                onAssignment?.Invoke(assigned, true);
            })
            .SetPartitionsRevokedHandler((c, revoked) =>
            {
                Interlocked.Add(ref assignedPartitions, -revoked.Count);
                onAssignment?.Invoke([.. revoked.Select(tp => tp.TopicPartition)], false);
                if (stoppingToken.IsCancellationRequested)
                {
                    // Closing on shutdown: leave the unwritten batch uncommitted; it is consumed again after the restart.
                    // What is already in the store but whose commit failed gets one more try.
                    DropPending();
                    if (commitOwed)
                    {
                        CommitWritten(c);
                    }
                }
                else
                {
                    // Finish what was read from partitions about to move, so their new owner starts after it.
                    FlushAndCommit(c, stoppingToken);
                }
                foreach (var tp in revoked)
                {
                    written.Remove(tp.TopicPartition);
                }
            })
            .SetPartitionsLostHandler((_, lost) =>
            {
                Interlocked.Add(ref assignedPartitions, -lost.Count);
                onAssignment?.Invoke([.. lost.Select(tp => tp.TopicPartition)], false);
                // Lost, not revoked: another member may own them already, so drop the batch unwritten; it is re-delivered.
                DropPending();
                foreach (var tp in lost)
                {
                    written.Remove(tp.TopicPartition);
                }
            })
            .SetErrorHandler((_, e) => log.LogWarning("{Sink} consumer error: {Reason}", name, e.Reason))
            .SetLogHandler((_, m) => log.LogDebug("{Sink} librdkafka {Facility}: {Message}", name, m.Facility, m.Message))
            .Build();
        consumer.Subscribe(topics);
        log.LogInformation("{Sink} consuming {Topics} as group {Group}", name, string.Join(", ", topics), groupId);
        var batchAge = new Stopwatch();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ApplyPause(consumer);
                var wait = batch.IsEmpty ? TimeSpan.FromMilliseconds(250) : maxDelay - batchAge.Elapsed;
                ConsumeResult<byte[], byte[]>? record = null;
                var consumeStart = Stopwatch.GetTimestamp();
                try
                {
                    record = consumer.Consume(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // Transient (a broker away, a partition moving): librdkafka recovers by itself; keep the batch and go on.
                    log.LogWarning("{Sink}: consume error, continuing: {Reason}", name, e.Error.Reason);
                }
                var decodeStart = Stopwatch.GetTimestamp();
                Phases.AddConsumeWait(decodeStart - consumeStart);
                if (record is not null && !record.IsPartitionEOF)
                {
                    if (batch.IsEmpty)
                    {
                        batchAge.Restart();
                    }
                    Add(record, stoppingToken);
                    Phases.AddDecode(Stopwatch.GetTimestamp() - decodeStart);
                }
                if (!batch.IsEmpty && (batch.IsFull || batchAge.Elapsed >= maxDelay) || batch.IsEmpty && pending.Count > 0)
                {
                    FlushAndCommit(consumer, stoppingToken);
                }
                else if (commitOwed && batch.IsEmpty && Stopwatch.GetTimestamp() >= commitRetryAt)
                {
                    // No batch came to carry the refused offsets: without this they would stay uncommitted (the group's
                    // lag stale, a restart re-delivering what is stored) until the next record of those partitions.
                    CommitWritten(consumer);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the unwritten batch is not committed, so it is consumed again after the restart.
        }
        finally
        {
            consumer.Close();
        }
    }

    private void ApplyPause(IConsumer<byte[], byte[]> consumer)
    {
        if (pauseRequested)
        {
            // Every round, so partitions assigned while paused are paused too.
            consumer.Pause(consumer.Assignment);
            if (!paused)
            {
                log.LogInformation("{Sink} paused", name);
            }
            paused = true;
        }
        else if (paused)
        {
            consumer.Resume(consumer.Assignment);
            paused = false;
            log.LogInformation("{Sink} resumed", name);
        }
    }

    private void Add(ConsumeResult<byte[], byte[]> record, CancellationToken stoppingToken)
    {
        var trace = KafkaTraceContext.Extract(record.Message.Headers);
        if (traces.Count < MaxLinkedTraces && trace != default)
        {
            traces.Add(new ActivityLink(trace));
        }
        try
        {
            batch.Add(record);
        }
        catch (RecordDecodeException e)
        {
            log.LogWarning("{Sink}: {Topic}[{Partition}]@{Offset} to the dead-letter topic: {Reason}",
                name, e.Topic, e.Partition, e.Offset, e.Reason);
            // The record is passed only once the dead-letter topic acknowledged it: retried like a store write.
            UntilDone(() => deadLetters.PublishAsync(record, e.Reason, stoppingToken), "dead-letter publish", stoppingToken);
        }
        pending[record.TopicPartition] = record.Offset + 1;
        batchRecords++;
    }

    private void FlushAndCommit(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        if (!batch.IsEmpty)
        {
            // One span per store write, linked to the traces of the records in it (the HTTP requests that sent them).
            using var span = traces.Count > 0
                ? SplitstreamTelemetry.Source.StartActivity($"{name} write", ActivityKind.Internal, default(ActivityContext), links: traces)
                : null;
            span?.SetTag("splitstream.sink.records", batchRecords);
            var writeStart = Stopwatch.GetTimestamp();
            UntilDone(() => batch.WriteAsync(stoppingToken), "store write", stoppingToken);
            Phases.AddWrite(Stopwatch.GetTimestamp() - writeStart);
        }
        traces.Clear();
        foreach (var (tp, offset) in pending)
        {
            written[tp] = offset;
        }
        Interlocked.Add(ref recordsWritten, batchRecords);
        SplitstreamTelemetry.SinkRecords.Add(batchRecords, new KeyValuePair<string, object?>("sink", name));
        batchRecords = 0;
        pending.Clear();
        batch.Clear();
        CommitWritten(consumer);
    }

    /// <summary>
    /// Commits every partition's written offset. A refused commit is not retried here (the rows are in the store, so
    /// nothing is lost meanwhile) but with the next batch or, when none comes, after a backoff from the consume loop.
    /// </summary>
    private void CommitWritten(IConsumer<byte[], byte[]> consumer)
    {
        if (written.Count == 0)
        {
            commitOwed = false;
            return;
        }
        var commitStart = Stopwatch.GetTimestamp();
        try
        {
            consumer.Commit([.. written.Select(w => new TopicPartitionOffset(w.Key, w.Value))]);
            commitOwed = false;
            commitFailures = 0;
        }
        catch (KafkaException e)
        {
            commitOwed = true;
            commitFailures++;
            var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(commitFailures - 1, 5))));
            commitRetryAt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            log.LogWarning("{Sink}: offset commit failed (attempt {Attempt}), retried with the next batch or in {Delay}: {Reason}",
                name, commitFailures, delay, e.Error.Reason);
        }
        Phases.AddCommit(Stopwatch.GetTimestamp() - commitStart);
    }

    private const int MaxLinkedTraces = 128;

    private void DropPending()
    {
        traces.Clear();
        batch.Clear();
        pending.Clear();
        batchRecords = 0;
    }

    /// <summary>Retries with backoff until it succeeds or the host stops: nothing read is ever skipped.</summary>
    private void UntilDone(Func<Task> action, string what, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                action().GetAwaiter().GetResult();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(attempt, 6))));
                log.LogError(e, "{Sink}: {What} failed (attempt {Attempt}), retrying in {Delay}", name, what, attempt, delay);
                stoppingToken.WaitHandle.WaitOne(delay);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
    }
}
