using System.Collections.Concurrent;
using Confluent.Kafka;
using Google.Protobuf;

namespace Splitstream.Schemas;

/// <summary>
/// Decodes Confluent wire-format values of one message type. Every schema id is checked once against the registry
/// (cached afterwards), and any failure becomes a <see cref="RecordDecodeException"/> with the record's coordinates,
/// so a consumer can send it to the dead-letter topic and move on.
/// </summary>
public sealed class ProtobufDeserializer<T>(ISchemaRegistry registry, MessageParser<T> parser) where T : IMessage<T>
{
    private readonly int[] expectedIndexes = ProtoSchemaText.MessageIndexes(ProtobufSerializer<T>.DescriptorOf(parser));
    private readonly ConcurrentDictionary<int, bool> knownIds = new();

    /// <summary>Decodes a consumed record's value; the record's coordinates go into any error.</summary>
    public T Deserialize(ConsumeResult<byte[], byte[]> record) =>
        Deserialize(record.Message.Value, record.Topic, record.Partition.Value, record.Offset.Value);

    public T Deserialize(ReadOnlySpan<byte> value, string topic, int partition, long offset)
    {
        WireHeader header;
        try
        {
            header = ConfluentWireFormat.ReadHeader(value);
        }
        catch (FormatException e)
        {
            throw new RecordDecodeException(topic, partition, offset, e.Message, e);
        }
        if (!header.MessageIndexes.AsSpan().SequenceEqual(expectedIndexes))
        {
            throw new RecordDecodeException(topic, partition, offset,
                $"message index path [{string.Join(',', header.MessageIndexes)}] is not {typeof(T).Name}");
        }
        EnsureSchemaKnown(header.SchemaId, topic, partition, offset);
        try
        {
            return parser.ParseFrom(value[header.PayloadOffset..]);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RecordDecodeException(topic, partition, offset, "invalid protobuf payload: " + e.Message, e);
        }
    }

    private void EnsureSchemaKnown(int schemaId, string topic, int partition, long offset)
    {
        if (knownIds.ContainsKey(schemaId))
        {
            return;
        }
        try
        {
            // Blocking once per schema id per process; every later record of that id is a dictionary hit.
            registry.GetByIdAsync(schemaId).GetAwaiter().GetResult();
            knownIds.TryAdd(schemaId, true);
        }
        catch (SchemaNotFoundException e)
        {
            throw new RecordDecodeException(topic, partition, offset, $"schema id {schemaId} is not registered", e);
        }
    }
}
