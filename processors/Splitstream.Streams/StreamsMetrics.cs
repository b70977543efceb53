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
    private volatile IReadOnlyDictionary<string, long> storeEntries = new Dictionary<string, long>();

    public long RecordsProcessed => Interlocked.Read(ref recordsProcessed);

    public long LateRecords => Interlocked.Read(ref lateRecords);

    public long DeadLetters => Interlocked.Read(ref deadLetters);

    public long Commits => Interlocked.Read(ref commits);

    public long RestoredRecords => Interlocked.Read(ref restoredRecords);

    public long Punctuations => Interlocked.Read(ref punctuations);

    /// <summary>Transient consume errors (a fetch that failed) the client reported and recovered from by fetching again.</summary>
    public long ConsumeErrors => Interlocked.Read(ref consumeErrors);

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

    public override string ToString() =>
        $"processed={RecordsProcessed} late={LateRecords} dlq={DeadLetters} commits={Commits} restored={RestoredRecords} punctuations={Punctuations} consume-errors={ConsumeErrors}";
}
