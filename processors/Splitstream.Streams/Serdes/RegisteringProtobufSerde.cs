using System.Collections.Concurrent;
using Google.Protobuf;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// A Protobuf serde for sinks whose topic is only known when the topology is built synchronously: it registers the
/// schema under <c>&lt;topic&gt;-value</c> at the first record sent to a topic (once, blocking the stream thread for
/// that one call) and serializes synchronously from then on.
/// </summary>
public sealed class RegisteringProtobufSerde<T>(ISchemaRegistry registry, MessageParser<T> parser) : ISerde<T> where T : IMessage<T>
{
    private readonly ConcurrentDictionary<string, ProtobufSerializer<T>> serializers = new();
    private readonly ProtobufDeserializer<T> deserializer = new(registry, parser);

    public byte[]? Serialize(T value, string topic) =>
        serializers.GetOrAdd(topic, t => ProtobufSerializer<T>.CreateAsync(registry, t, parser).GetAwaiter().GetResult()).Serialize(value);

    public T Deserialize(byte[]? data, string topic, int partition, long offset) =>
        data is null
            ? throw new RecordDecodeException(topic, partition, offset, "value is null")
            : deserializer.Deserialize(data, topic, partition, offset);
}
