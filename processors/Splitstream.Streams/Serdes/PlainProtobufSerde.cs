using Google.Protobuf;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// Store values as bare Protobuf bytes: changelogs are private to their topology, so they carry no registry framing
/// (Kafka Streams' changelogs are not registered either).
/// </summary>
public sealed class PlainProtobufSerde<T>(MessageParser<T> parser) : ISerde<T> where T : IMessage<T>
{
    public byte[]? Serialize(T value, string topic) => value.ToByteArray();

    public T Deserialize(byte[]? data, string topic, int partition, long offset)
    {
        if (data is null)
        {
            throw new RecordDecodeException(topic, partition, offset, "value is null");
        }
        try
        {
            return parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RecordDecodeException(topic, partition, offset, e.Message);
        }
    }
}
