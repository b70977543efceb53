using Microsoft.Extensions.Logging;

namespace Splitstream.Streams;

/// <summary>What a processor sees of its task: stores, clocks, punctuators, forwarding and the late-record metric.</summary>
public interface IProcessorContext
{
    string ApplicationId { get; }

    /// <summary>The task's partition number: the same partition of every source topic.</summary>
    int TaskPartition { get; }

    /// <summary>The largest record timestamp the task has seen (epoch ms); <see cref="long.MinValue"/> before the first record.</summary>
    long StreamTime { get; }

    /// <summary>The runtime's wall clock (epoch ms); the test driver's is advanced by hand.</summary>
    long WallClockTime { get; }

    StreamsMetrics Metrics { get; }

    ILogger Logger { get; }

    T GetStateStore<T>(string name) where T : IStateStore;

    /// <summary>Calls <paramref name="callback"/> with the current time of the chosen clock at every interval boundary.</summary>
    IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> callback);

    /// <summary>Sends a record to every child of the current node.</summary>
    void Forward<TKey, TValue>(Record<TKey, TValue> record);

    /// <summary>Sends a record to one named child of the current node.</summary>
    void Forward<TKey, TValue>(Record<TKey, TValue> record, string childName);

    /// <summary>
    /// Counts a record that arrived after its window closed and logs its coordinates. It is up to the processor what
    /// else happens to it (DESIGN §4: a late sample still corrects the activity summary).
    /// </summary>
    void ReportLateRecord<TKey, TValue>(Record<TKey, TValue> record, long windowStart, long closeTime);
}
