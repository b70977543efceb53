using System.Text.Json;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>JSON for state that only its own topology reads back (changelog values): no schema to register.</summary>
public sealed class JsonSerde<T> : ISerde<T>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonSerde<T> Instance { get; } = new();

    public byte[]? Serialize(T value, string topic) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public T Deserialize(byte[]? data, string topic, int partition, long offset)
    {
        if (data is null)
        {
            throw new RecordDecodeException(topic, partition, offset, "value is null");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(data, Options) ?? throw new RecordDecodeException(topic, partition, offset, "value is JSON null");
        }
        catch (JsonException e)
        {
            throw new RecordDecodeException(topic, partition, offset, "invalid JSON: " + e.Message);
        }
    }
}
