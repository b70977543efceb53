using System.Data.Common;

namespace Splitstream.Store;

/// <summary>
/// The statements of one write transaction. Reused for every row: a batch of summaries runs the same handful of
/// statements hundreds of times.
/// <list type="bullet">
/// <item>Without a batch (SQLite, in process): one command per SQL text, executed at once. A command compiles its
/// statement on its first execution and keeps it, where a command per statement compiled each one again (issue 16: the
/// activity sink held the write gate 4.3 s per 150,000 samples/s stage before, 2.5 s after).</item>
/// <item>With a batch (PostgreSQL, over the network): the writes whose results nobody reads are queued and sent
/// <see cref="MaxQueued"/> at a time in one round trip, and before any read (<see cref="ReaderAsync"/>) so the read sees
/// them. One round trip per statement made a batch of 500 live summaries take 1.8 s on the test server (about ten
/// statements each); see <c>WriteActivityRecordsAsync</c>.</item>
/// </list>
/// The caller calls <see cref="FlushAsync"/> before committing.
/// </summary>
internal sealed class TransactionCommands(DbConnection connection, DbTransaction transaction, DbBatch? batch) : IAsyncDisposable
{
    /// <summary>
    /// Statements per round trip. Their replies are a few dozen bytes each, so a round trip's replies stay far below a
    /// socket buffer (a client that writes a huge batch while the server blocks writing replies can deadlock).
    /// </summary>
    public const int MaxQueued = 256;

    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    /// <summary>A statement whose result is not read: queued when this transaction batches, else executed now.</summary>
    public async ValueTask ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        if (batch is null)
        {
            await For(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        SqlStore.SetParameters(command.Parameters, command.CreateParameter, parameters);
        batch.BatchCommands.Add(command);
        if (batch.BatchCommands.Count >= MaxQueued)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Sends the queued statements, then runs <paramref name="sql"/> and returns its reader.</summary>
    public async ValueTask<DbDataReader> ReaderAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken);
        return await For(sql, parameters).ExecuteReaderAsync(cancellationToken);
    }

    /// <summary>Sends the queued statements, if any, in one round trip.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (batch is not { BatchCommands.Count: > 0 })
        {
            return;
        }
        batch.Transaction = transaction;
        await batch.ExecuteNonQueryAsync(cancellationToken);
        batch.BatchCommands.Clear();
    }

    private DbCommand For(string sql, (string Name, object? Value)[] parameters)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            commands.Add(sql, command);
        }
        SqlStore.SetCommandParameters(command, parameters);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync();
        }
        commands.Clear();
        if (batch is not null)
        {
            await batch.DisposeAsync();
        }
    }
}
