using Splitstream.Schemas;

namespace Splitstream.Platform.Tests;

/// <summary>A registry that hands out one known id, so framing can be checked against hand-computed bytes.</summary>
internal sealed class FixedIdRegistry(int id) : ISchemaRegistry
{
    public List<RegisteredSchema> Registered { get; } = [];

    public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        Registered.Add(new RegisteredSchema(id, subject, 1, schema));
        return Task.FromResult(id);
    }

    public Task<RegisteredSchema> GetByIdAsync(int schemaId, CancellationToken cancellationToken = default) =>
        schemaId == id
            ? Task.FromResult(new RegisteredSchema(id, "", 1, ""))
            : throw new SchemaNotFoundException("Schema not found", 40403);

    public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Registered.Select(r => r.Subject).ToList());

    public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<int>>([1]);

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Registered.First());
}
