namespace Splitstream.Schemas;

/// <summary>A decoded Confluent wire-format header: the schema id, the message-index path and where the payload starts.</summary>
public readonly record struct WireHeader(int SchemaId, int[] MessageIndexes, int PayloadOffset);
