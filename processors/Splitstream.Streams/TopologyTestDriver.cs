using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// Runs a topology without Kafka: records piped into input topics (with explicit timestamps) are processed at once by
/// the task of their partition, stores are flushed to in-memory changelogs after every record (as if committing), the
/// wall clock only moves when told to, and output topics, changelogs, dead letters and stores can be read back.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly MemoryRecordCollector collector;
    private readonly Dictionary<int, StreamTask> tasks = [];
    private readonly int partitions;
    private long wallClock;

    /// <param name="restoreFrom">A driver whose changelogs this one restores its stores from, as a restarted instance would.</param>
    public TopologyTestDriver(Topology topology, string applicationId = "test-app", int partitions = 1, DateTimeOffset? wallClockStart = null,
        ILogger? logger = null, TopologyTestDriver? restoreFrom = null, string deadLetterTopic = Topics.DeadLetter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        this.partitions = partitions;
        ApplicationId = applicationId;
        wallClock = (wallClockStart ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds();
        collector = new MemoryRecordCollector((_, key) => PartitionOf(key));
        for (var p = 0; p < partitions; p++)
        {
            var task = new StreamTask(topology, p, applicationId, deadLetterTopic, Metrics, logger ?? NullLogger.Instance, collector, () => wallClock);
            if (restoreFrom is not null)
            {
                foreach (var store in topology.StoreNames)
                {
                    foreach (var record in restoreFrom.ReadRaw(Topics.Changelog(applicationId, store)).Where(r => r.Partition == p))
                    {
                        task.Restore(store, record.Key!, record.Value, record.Timestamp);
                        Metrics.Restored(1);
                    }
                }
            }
            task.Initialize();
            tasks[p] = task;
        }
    }

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

    public void Dispose()
    {
        foreach (var task in tasks.Values)
        {
            task.Close();
        }
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
