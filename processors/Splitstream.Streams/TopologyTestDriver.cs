using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// Runs a topology without Kafka: records piped into input topics (with explicit timestamps) are processed at once by
/// the task of their partition, stores are flushed to in-memory changelogs after every record (as if committing), the
/// wall clock only moves when told to, and output topics, changelogs, dead letters and stores can be read back.
/// Persistent stores live under <c>stateDir</c> (a temporary directory, deleted at dispose, when none is given); every
/// wall-clock advance and a dispose write the tasks' checkpoints, <see cref="Crash"/> closes without one.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly MemoryRecordCollector collector;
    private readonly Dictionary<int, StreamTask> tasks = [];
    private readonly int partitions;
    private readonly string? temporaryStateDir;
    private long wallClock;
    private bool closed;

    /// <param name="restoreFrom">
    /// A driver whose changelogs this one restores its stores from, as a restarted instance would. Its changelog records
    /// are this driver's changelog history too (the same offsets), as on a cluster.
    /// </param>
    /// <param name="stateDir">The state directory of persistent stores; give the previous driver's to restart on its files.</param>
    public TopologyTestDriver(Topology topology, string applicationId = "test-app", int partitions = 1, DateTimeOffset? wallClockStart = null,
        ILogger? logger = null, TopologyTestDriver? restoreFrom = null, string deadLetterTopic = Topics.DeadLetter, string? stateDir = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        this.partitions = partitions;
        ApplicationId = applicationId;
        wallClock = (wallClockStart ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds();
        collector = new MemoryRecordCollector((_, key) => PartitionOf(key));
        if (stateDir is null)
        {
            stateDir = temporaryStateDir = Path.Combine(Path.GetTempPath(), "splitstream-driver-" + Guid.NewGuid().ToString("N"));
        }
        StateDir = stateDir;
        foreach (var store in topology.StoreNames)
        {
            foreach (var record in restoreFrom?.ReadRaw(Topics.Changelog(applicationId, store)) ?? [])
            {
                collector.Append(record.Topic, record.Partition, record.Key, record.Value, record.Timestamp, record.Headers);
            }
        }
        for (var p = 0; p < partitions; p++)
        {
            var task = new StreamTask(topology, p, applicationId, deadLetterTopic, Metrics, logger ?? NullLogger.Instance, collector, () => wallClock,
                Path.Combine(stateDir, applicationId, p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            try
            {
                foreach (var store in topology.StoreNames.Where(s => task.Stores[s].Logged))
                {
                    Restore(task, store);
                }
                task.Initialize();
            }
            catch
            {
                task.Close();
                throw;
            }
            tasks[p] = task;
        }
    }

    /// <summary>Where persistent stores keep their files (<c>&lt;dir&gt;/&lt;application id&gt;/&lt;partition&gt;/&lt;store&gt;</c>).</summary>
    public string StateDir { get; }

    public string ApplicationId { get; }

    public StreamsMetrics Metrics { get; } = new();

    public long WallClockTime => wallClock;

    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(this, topic, keySerde, valueSerde);

    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) where TKey : notnull =>
        new(this, topic, keySerde, valueSerde);

    /// <summary>Moves the wall clock and runs every wall-clock punctuator that came due.</summary>
    public void AdvanceWallClockTime(TimeSpan by)
    {
        wallClock += (long)by.TotalMilliseconds;
        foreach (var task in tasks.Values)
        {
            task.PunctuateWallClock(wallClock);
            task.FlushStores();
            task.Checkpoint(collector);
        }
    }

    /// <summary>A store of the task owning <paramref name="partition"/>.</summary>
    public T GetStateStore<T>(string name, int partition = 0) where T : IStateStore => (T)tasks[partition].Stores[name];

    /// <summary>Every record written to a topic (outputs, changelogs, dead letters), in write order.</summary>
    public IReadOnlyList<RawRecord> ReadRaw(string topic) => collector.Records(topic);

    /// <summary>Pipes a record as bytes (e.g. a poison record) and processes it.</summary>
    public void PipeRaw(string topic, byte[]? key, byte[]? value, long timestamp, Confluent.Kafka.Headers? headers = null)
    {
        var record = collector.Append(topic, PartitionOf(key), key, value, timestamp, headers);
        var task = tasks[record.Partition];
        task.Enqueue(record);
        while (task.ProcessNext())
        {
        }
        task.FlushStores();
    }

    /// <summary>Stops as a killed process would: the stores close without a new checkpoint (their files stay).</summary>
    public void Crash() => CloseTasks(clean: false);

    public void Dispose()
    {
        CloseTasks(clean: true);
        if (temporaryStateDir is not null && Directory.Exists(temporaryStateDir))
        {
            Directory.Delete(temporaryStateDir, recursive: true);
        }
    }

    private void CloseTasks(bool clean)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        foreach (var task in tasks.Values)
        {
            if (clean)
            {
                task.FlushStores();
            }
            task.Close(clean ? collector : null);
        }
    }

    /// <summary>Restores one store of a task from this driver's changelog partition, as the runtime does from Kafka.</summary>
    private void Restore(StreamTask task, string store)
    {
        var records = collector.Records(Topics.Changelog(ApplicationId, store)).Where(r => r.Partition == task.Partition).ToList();
        var high = records.Count == 0 ? 0 : records[^1].Offset + 1;
        var plan = task.PlanRestore(store, 0, high);
        if (plan.VerifyOffset is { } verify && records.FirstOrDefault(r => r.Offset == verify) is { } before
            && ChangelogPosition.FingerprintOf(before.Key, before.Value, before.Timestamp) != plan.Fingerprint)
        {
            task.CheckpointRejected(store);
            plan = RestorePlan.Full(0);
        }
        foreach (var record in records.Where(r => r.Offset >= plan.From))
        {
            task.Restore(store, record.Key!, record.Value, record.Timestamp, record.Offset);
            Metrics.Restored(1);
        }
        task.RestoreCompleted(store);
    }

    /// <summary>Stable key partitioning (FNV-1a), so a key always meets its own state.</summary>
    private int PartitionOf(byte[]? key)
    {
        if (partitions == 1 || key is null)
        {
            return 0;
        }
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }

    internal static string Describe(byte[]? bytes) => bytes is null ? "null" : Encoding.UTF8.GetString(bytes);
}
