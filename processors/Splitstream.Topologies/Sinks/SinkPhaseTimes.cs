using System.Diagnostics;

namespace Splitstream.Processors.Sinks;

/// <summary>
/// Where one sink's thread spends its wall-clock time (<see cref="Stopwatch"/> time, not CPU), by phase of its loop:
/// waiting in consume for a record, decoding records into the pending batch, writing batches to the store (for the
/// SQLite store that includes waiting for the file's write gate), and committing offsets. Tells a sink that waits for
/// input from one that waits for its store (issue 16: stored points fell behind at 150,000 samples/s with the point
/// sink's thread mostly off the CPU). A batch written by a revocation, which librdkafka runs inside a consume, counts as
/// consume wait.
/// </summary>
public sealed class SinkPhaseTimes
{
    private long consumeWaitTicks;
    private long decodeTicks;
    private long writeTicks;
    private long commitTicks;
    private long batches;

    public TimeSpan ConsumeWaitTime => Elapsed(ref consumeWaitTicks);

    public TimeSpan DecodeTime => Elapsed(ref decodeTicks);

    public TimeSpan WriteTime => Elapsed(ref writeTicks);

    public TimeSpan CommitTime => Elapsed(ref commitTicks);

    /// <summary>Batches written to the store.</summary>
    public long Batches => Interlocked.Read(ref batches);

    internal void AddConsumeWait(long ticks) => Interlocked.Add(ref consumeWaitTicks, ticks);

    internal void AddDecode(long ticks) => Interlocked.Add(ref decodeTicks, ticks);

    internal void AddWrite(long ticks)
    {
        Interlocked.Add(ref writeTicks, ticks);
        Interlocked.Increment(ref batches);
    }

    internal void AddCommit(long ticks) => Interlocked.Add(ref commitTicks, ticks);

    public override string ToString() =>
        $"consume-wait={ConsumeWaitTime.TotalMilliseconds:0} decode={DecodeTime.TotalMilliseconds:0} " +
        $"write={WriteTime.TotalMilliseconds:0} commit={CommitTime.TotalMilliseconds:0} ms, batches={Batches}";

    private static TimeSpan Elapsed(ref long ticks) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));
}
