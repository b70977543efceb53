namespace Splitstream.Schemas;

/// <summary>A schema refused by the subject's compatibility level (Confluent's 409), with what made it incompatible.</summary>
public sealed class SchemaIncompatibleException(string subject, string level, int latestVersion, IReadOnlyList<ProtoSchemaDifference> differences)
    : Exception($"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [" +
        string.Join(", ", differences.Select(d => $"{{errorType:'{d.ErrorType}', description:'{d.Description}'}}")) +
        $", {{oldSchemaVersion: {latestVersion}}}, {{compatibility: '{level}'}}]")
{
    public IReadOnlyList<ProtoSchemaDifference> Differences { get; } = differences;
}
