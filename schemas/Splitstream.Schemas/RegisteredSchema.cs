namespace Splitstream.Schemas;

/// <summary>A schema as the registry holds it.</summary>
public sealed record RegisteredSchema(int Id, string Subject, int Version, string Schema, string SchemaType = "PROTOBUF");
