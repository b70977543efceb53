using Microsoft.Data.Sqlite;

namespace Splitstream.Store;

/// <summary>
/// A connection to the embedded store that can hold its file's <see cref="SqliteWriteGate"/>: entered by
/// <see cref="EnterWriteAsync"/> when a write transaction begins, left when the connection is disposed (after its
/// transaction, committed, rolled back or failed), so no path out of a write keeps the gate.
/// </summary>
public sealed class SqliteWriteConnection(string connectionString, SqliteWriteGate gate, TimeSpan writeTimeout, int walAutocheckpointPages = 1000)
    : SqliteConnection(connectionString)
{
    private bool holdsGate;

    /// <summary>The write-ahead log's size, in pages, at which this connection's commits checkpoint it (SQLite's default 1000).</summary>
    public int WalAutocheckpointPages { get; } = walAutocheckpointPages;

    /// <summary>Waits for this process's other writers of the file to finish; once per connection.</summary>
    public async ValueTask EnterWriteAsync(CancellationToken cancellationToken)
    {
        if (holdsGate)
        {
            return;
        }
        await gate.EnterAsync(writeTimeout, cancellationToken);
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
                gate.Exit();
            }
        }
    }
}
