namespace Splitstream.Ingest;

/// <summary>How a sample batch body is encoded, from its Content-Type.</summary>
public enum BodyFormat
{
    Json,
    Protobuf,
    ProtobufHeartRate,
    Unsupported,
}
