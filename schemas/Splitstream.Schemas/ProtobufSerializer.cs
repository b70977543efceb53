using Confluent.Kafka;
using Google.Protobuf;

namespace Splitstream.Schemas;

/// <summary>
/// Serializes one message type to the Confluent wire format. The schema is registered once, at creation, under
/// <c>&lt;topic&gt;-value</c>; after that serialization is synchronous and allocation is one array per record,
/// which is what a producer on the ingest hot path needs.
/// </summary>
public sealed class ProtobufSerializer<T> : ISerializer<T> where T : IMessage<T>
{
    private readonly byte[] header;

    private ProtobufSerializer(int schemaId, int[] messageIndexes)
    {
        SchemaId = schemaId;
        var buffer = new byte[ConfluentWireFormat.MaxHeaderSize(messageIndexes.Length)];
        var length = ConfluentWireFormat.WriteHeader(buffer, schemaId, messageIndexes);
        header = buffer[..length];
    }

    public int SchemaId { get; }

    public static async Task<ProtobufSerializer<T>> CreateAsync(
        ISchemaRegistry registry, string topic, MessageParser<T> parser, CancellationToken cancellationToken = default)
    {
        var descriptor = DescriptorOf(parser);
        var id = await registry.RegisterAsync(ProtoSchemaText.ValueSubject(topic), ProtoSchemaText.For(descriptor), cancellationToken);
        return new ProtobufSerializer<T>(id, ProtoSchemaText.MessageIndexes(descriptor));
    }

    public byte[] Serialize(T data)
    {
        var size = data.CalculateSize();
        var bytes = new byte[header.Length + size];
        header.CopyTo(bytes, 0);
        data.WriteTo(bytes.AsSpan(header.Length));
        return bytes;
    }

    byte[] ISerializer<T>.Serialize(T data, SerializationContext context) => Serialize(data);

    internal static Google.Protobuf.Reflection.MessageDescriptor DescriptorOf(MessageParser<T> parser) =>
        ((IMessage)parser.ParseFrom(ReadOnlySpan<byte>.Empty)).Descriptor;
}
