using System.Diagnostics;

namespace Splitstream.Streams;

/// <summary>Counters of one runtime (or test driver); read by hosting code, health checks and tests.</summary>
public sealed class StreamsMetrics
{
    private long recordsProcessed;
    private long lateRecords;
    private long deadLetters;
    private long commits;
    private long restoredRecords;
    private long punctuations;
    private long restoreTicks;
    private long consumeErrors;
    private long pollWaitTicks;
    private long processTicks;
    private long punctuateTicks;
    private long commitTicks;
    private long rebalanceTicks;
    private volatile IReadOnlyDictionary<string, long> storeEntries = new Dictionary<string, long>();

    public long RecordsProcessed => Interlocked.Read(ref recordsProcessed);

    public long LateRecords => Interlocked.Read(ref lateRecords);

    public long DeadLetters => Interlocked.Read(ref deadLetters);

    public long Commits => Interlocked.Read(ref commits);

    public long RestoredRecords => Interlocked.Read(ref restoredRecords);

    public long Punctuations => Interlocked.Read(ref punctuations);

    /// <summary>Transient consume errors (a fetch that failed) the client reported and recovered from by fetching again.</summary>
    public long ConsumeErrors => Interlocked.Read(ref consumeErrors);

    /// <summary>
    /// Where the stream thread's wall-clock time goes, by phase of its loop (<see cref="Stopwatch"/>
    /// time, not CPU): waiting in the first poll of each round for fetched records, processing them, wall-clock
    /// punctuation (the activity metrics' summaries are computed there), commits (store flushes, offset commits), and
    /// rebalances (the assignment callbacks librdkafka runs inside a poll: tasks set up and restored, or closed; not
    /// counted as waiting). What is left of the thread's time is the cheap rest of the loop. Tells a thread that waits
    /// for input from one that is busy.
    /// </summary>
    public TimeSpan PollWaitTime => Elapsed(ref pollWaitTicks);

    public TimeSpan ProcessTime => Elapsed(ref processTicks);

    public TimeSpan PunctuateTime => Elapsed(ref punctuateTicks);

    public TimeSpan CommitTime => Elapsed(ref commitTicks);

    public TimeSpan RebalanceTime => Elapsed(ref rebalanceTicks);

    internal long RebalanceTicks => Interlocked.Read(ref rebalanceTicks);

    /// <summary>Time spent restoring stores from changelogs (summed over tasks).</summary>
    public TimeSpan RestoreTime => TimeSpan.FromTicks(Interlocked.Read(ref restoreTicks));

    /// <summary>
    /// Entries per state store (by store name, summed over this instance's tasks) as of the last commit: the stream
    /// thread takes this snapshot, so other threads (the <c>splitstream.streams.state_store.entries</c> gauge) never
    /// read a store while it changes.
    /// </summary>
    public IReadOnlyDictionary<string, long> StoreEntries => storeEntries;

    internal void StoreSizes(IReadOnlyDictionary<string, long> entries) => storeEntries = entries;

    internal void RecordProcessed() => Interlocked.Increment(ref recordsProcessed);

    internal void LateRecord() => Interlocked.Increment(ref lateRecords);

    internal void DeadLetter() => Interlocked.Increment(ref deadLetters);

    internal void Commit() => Interlocked.Increment(ref commits);

    internal void Restored(long count) => Interlocked.Add(ref restoredRecords, count);

    internal void Restored(long count, TimeSpan took)
    {
        Restored(count);
        Interlocked.Add(ref restoreTicks, took.Ticks);
    }

    internal void Punctuation() => Interlocked.Increment(ref punctuations);

    internal void ConsumeError() => Interlocked.Increment(ref consumeErrors);

    /// <summary>A poll that began at <paramref name="since"/>, less the rebalance callbacks it ran (<paramref name="rebalanceTicksBefore"/>: <see cref="RebalanceTicks"/> when it began).</summary>
    internal void PollWaited(long since, long rebalanceTicksBefore) =>
        Interlocked.Add(ref pollWaitTicks, Stopwatch.GetTimestamp() - since - (RebalanceTicks - rebalanceTicksBefore));

    internal void Rebalanced(long since) => Interlocked.Add(ref rebalanceTicks, Stopwatch.GetTimestamp() - since);

    internal void Processed(long since) => Interlocked.Add(ref processTicks, Stopwatch.GetTimestamp() - since);

    internal void Punctuated(long since) => Interlocked.Add(ref punctuateTicks, Stopwatch.GetTimestamp() - since);

    internal void Committed(long since) => Interlocked.Add(ref commitTicks, Stopwatch.GetTimestamp() - since);

    private static TimeSpan Elapsed(ref long stopwatchTicks) =>
        TimeSpan.FromSeconds(Interlocked.Read(ref stopwatchTicks) / (double)Stopwatch.Frequency);

    public override string ToString() =>
        $"processed={RecordsProcessed} late={LateRecords} dlq={DeadLetters} commits={Commits} restored={RestoredRecords} punctuations={Punctuations} consume-errors={ConsumeErrors} " +
        $"thread ms: poll-wait={PollWaitTime.TotalMilliseconds:0} process={ProcessTime.TotalMilliseconds:0} punctuate={PunctuateTime.TotalMilliseconds:0} commit={CommitTime.TotalMilliseconds:0} rebalance={RebalanceTime.TotalMilliseconds:0}";
}
