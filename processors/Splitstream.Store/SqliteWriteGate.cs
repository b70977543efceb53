using System.Collections.Concurrent;
using System.Diagnostics;

namespace Splitstream.Store;

/// <summary>
/// The write gate of one SQLite file in this process, shared by every <see cref="SqliteStore"/> on the file (make run
/// hosts the processors and the query API in one process, each with its own store). A write transaction enters it
/// before BEGIN IMMEDIATE, so this process's writers queue here instead of meeting SQLITE_BUSY, which
/// Microsoft.Data.Sqlite answers by sleeping 150 ms before it retries: with the point sink and the activity sink
/// writing at once, those sleeps cost the point sink a third of its rate (issue 16).
/// A writer that waits longer than the timeout gets a <see cref="TimeoutException"/>, as SQLITE_BUSY would give it
/// after the command timeout: a writer that never leaves (a nested write on the same flow) shows up as an error,
/// never as a silent stall.
/// </summary>
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim semaphore = new(1, 1);
    private int waiting;
    private long enteredAt;
    private long heldTicks;
    private long waitTicks;
    private long entries;

    private SqliteWriteGate(string databasePath) => DatabasePath = databasePath;

    /// <summary>The gate of the file at <paramref name="databasePath"/> (made absolute first).</summary>
    public static SqliteWriteGate For(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        return Gates.GetOrAdd(full, static path => new SqliteWriteGate(path));
    }

    public string DatabasePath { get; }

    /// <summary>Writers waiting to enter: what tests and diagnostics see of the queue.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Whether a writer holds the gate now.</summary>
    public bool IsHeld => semaphore.CurrentCount == 0;

    /// <summary>
    /// Wall-clock time writers held the gate, summed since the process started: a file whose gate is held nearly all
    /// the time has no write capacity left (issue 16's stored-points diagnosis).
    /// </summary>
    public TimeSpan HeldTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref heldTicks));

    /// <summary>Wall-clock time writers waited to enter, summed over writers (two waiting for 1 s count 2 s).</summary>
    public TimeSpan WaitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref waitTicks));

    /// <summary>Write transactions that entered the gate.</summary>
    public long Entries => Interlocked.Read(ref entries);

    /// <summary>Waits until this process's other writers of the file are done; pair every entry with <see cref="Exit"/>.</summary>
    public async ValueTask EnterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (semaphore.Wait(0, CancellationToken.None))
        {
            Entered();
            return;
        }
        var waitStart = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref waiting);
        try
        {
            if (!await semaphore.WaitAsync(timeout, cancellationToken))
            {
                throw new TimeoutException(
                    $"waited {timeout.TotalSeconds:0.#} s for this process's other writer of {DatabasePath} to finish its transaction");
            }
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
            Interlocked.Add(ref waitTicks, Stopwatch.GetTimestamp() - waitStart);
        }
        Entered();
    }

    public void Exit()
    {
        // Only the holder writes enteredAt, and only while it holds the gate.
        Interlocked.Add(ref heldTicks, Stopwatch.GetTimestamp() - enteredAt);
        semaphore.Release();
    }

    private void Entered()
    {
        enteredAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref entries);
    }
}
