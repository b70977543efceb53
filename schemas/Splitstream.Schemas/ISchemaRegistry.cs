namespace Splitstream.Schemas;

/// <summary>The subset of the Confluent Schema Registry the project uses; implemented over HTTP and by the embedded registry.</summary>
public interface ISchemaRegistry
{
    /// <summary>Registers a Protobuf schema under a subject (idempotent) and returns its global id.</summary>
    Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default);

    /// <summary>The schema text with the given id; throws <see cref="SchemaNotFoundException"/> when there is none.</summary>
    Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default);

    Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default);
}
