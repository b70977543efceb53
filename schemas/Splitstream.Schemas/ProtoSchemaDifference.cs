namespace Splitstream.Schemas;

/// <summary>
/// One difference between two versions of a Protobuf schema: Confluent's error type (e.g. FIELD_KIND_CHANGED), what
/// changed, and whether it breaks readers of the new version reading old records (backward) or the reverse (forward).
/// </summary>
public sealed record ProtoSchemaDifference(string ErrorType, string Description, bool BreaksBackward, bool BreaksForward);
