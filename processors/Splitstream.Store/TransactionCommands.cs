using System.Data.Common;

namespace Splitstream.Store;

/// <summary>
/// The commands of one write transaction, one per SQL text, each prepared by the database on its first execution and
/// reused for every row after it: a batch of summaries runs the same handful of statements hundreds of times, and
/// creating a command per statement made the database parse and plan each of them again (issue 16: the activity sink
/// holds the SQLite write gate for about a third of what the point sink does at 150,000 samples/s).
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
