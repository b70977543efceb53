using Microsoft.Data.Sqlite;

namespace Splitstream.Store;

/// <summary>
/// A connection to the embedded store that can hold the process's write gate for the database file: taken by
/// <see cref="EnterWriteAsync"/> when a write transaction begins, released when the connection is disposed (after
/// its transaction). Writers of one process then queue on the gate instead of meeting SQLITE_BUSY, which
/// Microsoft.Data.Sqlite answers by sleeping 150 ms before it retries: with the point sink and the activity sink
/// writing at once, those sleeps cost the point sink a third of its rate (issue 16).
/// </summary>
public sealed class SqliteWriteConnection(string connectionString, SemaphoreSlim gate) : SqliteConnection(connectionString)
{
    private bool holdsGate;

    /// <summary>Waits for this process's other writers of the file to finish; once per connection.</summary>
    public async ValueTask EnterWriteAsync(CancellationToken cancellationToken)
    {
        if (holdsGate)
        {
            return;
        }
        await gate.WaitAsync(cancellationToken);
        holdsGate = true;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (holdsGate)
            {
                holdsGate = false;
                gate.Release();
            }
        }
    }
}
