namespace Splitstream.Schemas;

/// <summary>A schema text that is not a .proto file this registry can read; the message says where and why.</summary>
public sealed class ProtoSchemaParseException(string message) : Exception(message);
