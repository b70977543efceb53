using Microsoft.Extensions.Logging;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>The processor context of one task: its stores, clocks and punctuators, and the node currently running.</summary>
internal sealed class TaskContext(string applicationId, int partition, StreamsMetrics metrics, ILogger logger, IRecordCollector collector, Func<long> wallClock)
    : IProcessorContext
{
    public string ApplicationId { get; } = applicationId;

    public int TaskPartition { get; } = partition;

    public long StreamTime { get; internal set; } = long.MinValue;

    public long WallClockTime => wallClock();

    public StreamsMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    public IRecordCollector Collector { get; } = collector;

    internal Dictionary<string, IStateStore> Stores { get; set; } = [];

    internal List<PunctuationSchedule> Schedules { get; } = [];

    internal Node? CurrentNode { get; set; }

    public T GetStateStore<T>(string name) where T : IStateStore
    {
        var node = CurrentNode ?? throw new InvalidOperationException("stores are reached from a processor");
        if (!node.Stores.Contains(name))
        {
            throw new InvalidOperationException($"processor {node.Name} is not connected to store {name}");
        }
        return Stores[name] is T store
            ? store
            : throw new InvalidCastException($"store {name} is a {Stores[name].GetType().Name}, not {typeof(T).Name}");
    }

    public IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> callback)
    {
        var node = CurrentNode ?? throw new InvalidOperationException("punctuators are scheduled from a processor");
        var intervalMs = (long)interval.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalMs, 1, nameof(interval));
        var schedule = new PunctuationSchedule(node, intervalMs, type, callback);
        // Anchor the schedule on the clock's current value, so its first boundary is the next one from now.
        schedule.MaybeFire(type == PunctuationType.StreamTime ? StreamTime : WallClockTime);
        Schedules.Add(schedule);
        return schedule;
    }

    public void Forward<TKey, TValue>(Record<TKey, TValue> record) => ForwardObject(record, null);

    public void Forward<TKey, TValue>(Record<TKey, TValue> record, string childName) => ForwardObject(record, childName);

    public void ReportLateRecord<TKey, TValue>(Record<TKey, TValue> record, long windowStart, long closeTime)
    {
        Metrics.LateRecord();
        SplitstreamTelemetry.LateRecords.Add(1, new KeyValuePair<string, object?>("application", ApplicationId));
        Logger.LogWarning("Late record {Topic}[{Partition}]@{Offset} (timestamp {Timestamp}) for window starting {WindowStart}: window closed at {CloseTime}",
            record.Topic, record.Partition, record.Offset, record.Timestamp, windowStart, closeTime);
    }

    internal void ForwardObject(object record, string? childName)
    {
        var node = CurrentNode ?? throw new InvalidOperationException("forward is called from a processor");
        var sent = false;
        foreach (var child in node.Children)
        {
            if (childName is not null && child.Name != childName)
            {
                continue;
            }
            CurrentNode = child;
            try
            {
                child.Process(record, this);
            }
            finally
            {
                CurrentNode = node;
            }
            sent = true;
        }
        if (childName is not null && !sent)
        {
            throw new InvalidOperationException($"node {node.Name} has no child named {childName}");
        }
    }

    /// <summary>Runs the due punctuators of one clock, each as its own node.</summary>
    internal int Punctuate(PunctuationType type, long now)
    {
        // Called after every record: no allocation when nothing is scheduled.
        if (Schedules.Count == 0)
        {
            return 0;
        }
        var fired = 0;
        // A punctuator may schedule or cancel others: iterate over a snapshot.
        foreach (var schedule in Schedules.Where(s => s.Type == type).ToList())
        {
            CurrentNode = schedule.Node;
            try
            {
                if (schedule.MaybeFire(now))
                {
                    fired++;
                    Metrics.Punctuation();
                }
            }
            finally
            {
                CurrentNode = null;
            }
        }
        Schedules.RemoveAll(s => s.Cancelled);
        return fired;
    }
}
