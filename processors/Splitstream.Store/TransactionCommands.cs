using System.Data.Common;

namespace Splitstream.Store;

/// <summary>
/// The commands of one write transaction, one per SQL text, reused for every row: a batch of summaries runs the same
/// handful of statements hundreds of times. On SQLite a command compiles its statement on its first execution and keeps
/// it, where a command per statement compiled each one again (issue 16: the activity sink held the write gate 4.3 s per
/// 150,000 samples/s stage before, 2.5 s after, with the whole batch in one transaction); PostgreSQL gets the same
/// commands sent again.
/// </summary>
internal sealed class TransactionCommands(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    /// <summary>The transaction's command for <paramref name="sql"/>, its named parameters set to these values.</summary>
    public DbCommand For(string sql, params (string Name, object? Value)[] parameters)
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
    }
}
