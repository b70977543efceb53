using Splitstream.Schemas;

namespace Splitstream.Testing;

/// <summary>A registry in memory for driver tests: ids by subject and schema text, as the real one assigns them.</summary>
public sealed class InMemorySchemaRegistry : ISchemaRegistry
{
    private readonly List<RegisteredSchema> schemas = [];

    public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        lock (schemas)
        {
            var existing = schemas.FirstOrDefault(s => s.Subject == subject && s.Schema == schema);
            if (existing is not null)
            {
                return Task.FromResult(existing.Id);
            }
            var registered = new RegisteredSchema(schemas.Count + 1, subject, schemas.Count(s => s.Subject == subject) + 1, schema);
            schemas.Add(registered);
            return Task.FromResult(registered.Id);
        }
    }

    public Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        lock (schemas)
        {
            return schemas.FirstOrDefault(s => s.Id == id) is { } schema
                ? Task.FromResult(schema)
                : throw new SchemaNotFoundException("Schema not found", 40403);
        }
    }

    public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default)
    {
        lock (schemas)
        {
            return Task.FromResult<IReadOnlyList<string>>(schemas.Select(s => s.Subject).Distinct().ToList());
        }
    }

    public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default)
    {
        lock (schemas)
        {
            return Task.FromResult<IReadOnlyList<int>>(schemas.Where(s => s.Subject == subject).Select(s => s.Version).ToList());
        }
    }

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default)
    {
        lock (schemas)
        {
            return Task.FromResult(schemas.First(s => s.Subject == subject && s.Version == version));
        }
    }
}
