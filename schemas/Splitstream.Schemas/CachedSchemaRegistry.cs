using System.Collections.Concurrent;

namespace Splitstream.Schemas;

/// <summary>Caches registrations and look-ups of another registry: ids never change once assigned.</summary>
public sealed class CachedSchemaRegistry(ISchemaRegistry inner) : ISchemaRegistry
{
    private readonly ConcurrentDictionary<(string Subject, string Schema), Task<int>> registered = new();
    private readonly ConcurrentDictionary<int, RegisteredSchema> byId = new();

    public async Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        var key = (subject, schema);
        var task = registered.GetOrAdd(key, k => inner.RegisterAsync(k.Subject, k.Schema, CancellationToken.None));
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            // Don't cache a failure: the registry may be back on the next call.
            registered.TryRemove(new KeyValuePair<(string, string), Task<int>>(key, task));
            throw;
        }
    }

    public async Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        if (byId.TryGetValue(id, out var schema))
        {
            return schema;
        }
        schema = await inner.GetByIdAsync(id, cancellationToken);
        byId.TryAdd(id, schema);
        return schema;
    }

    public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) =>
        inner.GetSubjectsAsync(cancellationToken);

    public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) =>
        inner.GetVersionsAsync(subject, cancellationToken);

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        inner.GetVersionAsync(subject, version, cancellationToken);
}
