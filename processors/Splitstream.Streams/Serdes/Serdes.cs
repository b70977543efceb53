using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// The serdes topologies use: UTF-8 strings (activity ids), raw bytes, big-endian longs and Protobuf in the Confluent
/// wire format. The other generic serdes live beside it in this folder (<see cref="JsonSerde{T}"/> and
/// <see cref="PlainProtobufSerde{T}"/> for private state, <see cref="RegisteringProtobufSerde{T}"/> for topics known only
/// at build time); a serde of one topology's own state format stays with that topology (e.g. ActivityStateSerde).
/// </summary>
public static class Serdes
{
    public static ISerde<string> String { get; } = new StringSerde();

    public static ISerde<byte[]?> ByteArray { get; } = new ByteArraySerde();

    public static ISerde<long> Int64 { get; } = new Int64Serde();

    /// <summary>A Protobuf serde that registers its schema under <c>&lt;topic&gt;-value</c> once and then serializes synchronously.</summary>
    public static async Task<ISerde<T>> ProtobufAsync<T>(ISchemaRegistry registry, string topic, MessageParser<T> parser,
        CancellationToken cancellationToken = default) where T : IMessage<T>
    {
        var serializer = await ProtobufSerializer<T>.CreateAsync(registry, topic, parser, cancellationToken);
        return new ProtobufSerde<T>(new ProtobufDeserializer<T>(registry, parser), serializer);
    }

    /// <summary>A decode-only Protobuf serde, for sources (nothing to register).</summary>
    public static ISerde<T> ProtobufReader<T>(ISchemaRegistry registry, MessageParser<T> parser) where T : IMessage<T> =>
        new ProtobufSerde<T>(new ProtobufDeserializer<T>(registry, parser), null);

    private sealed class StringSerde : ISerde<string>
    {
        public byte[]? Serialize(string value, string topic) => Encoding.UTF8.GetBytes(value);

        public string Deserialize(byte[]? data, string topic, int partition, long offset) =>
            data is null
                ? throw new RecordDecodeException(topic, partition, offset, "key or value is null")
                : Encoding.UTF8.GetString(data);
    }

    private sealed class ByteArraySerde : ISerde<byte[]?>
    {
        public byte[]? Serialize(byte[]? value, string topic) => value;

        public byte[]? Deserialize(byte[]? data, string topic, int partition, long offset) => data;
    }

    private sealed class Int64Serde : ISerde<long>
    {
        public byte[]? Serialize(long value, string topic)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            return bytes;
        }

        public long Deserialize(byte[]? data, string topic, int partition, long offset) =>
            data is { Length: 8 }
                ? BinaryPrimitives.ReadInt64BigEndian(data)
                : throw new RecordDecodeException(topic, partition, offset, "expected an 8-byte big-endian long");
    }

    private sealed class ProtobufSerde<T>(ProtobufDeserializer<T> deserializer, ProtobufSerializer<T>? serializer) : ISerde<T>
        where T : IMessage<T>
    {
        public byte[]? Serialize(T value, string topic) =>
            (serializer ?? throw new InvalidOperationException($"{typeof(T).Name} serde was created for reading only")).Serialize(value);

        public T Deserialize(byte[]? data, string topic, int partition, long offset) =>
            data is null
                ? throw new RecordDecodeException(topic, partition, offset, "value is null")
                : deserializer.Deserialize(data, topic, partition, offset);
    }
}
