namespace Splitstream.Schemas;

/// <summary>The registry has no schema, subject or version by that name (Confluent error codes 40401–40403).</summary>
public sealed class SchemaNotFoundException(string message, int errorCode) : Exception(message)
{
    public int ErrorCode { get; } = errorCode;
}
