namespace Splitstream.Streams.Tests;

/// <summary>A serde that counts its serializations per value, for checks that work stays in proportion.</summary>
internal sealed class CountingSerde<T>(ISerde<T> inner) : ISerde<T> where T : notnull
{
    public Dictionary<T, int> Serialized { get; } = [];

    public byte[]? Serialize(T value, string topic)
    {
        Serialized[value] = Serialized.GetValueOrDefault(value) + 1;
        return inner.Serialize(value, topic);
    }

    public T Deserialize(byte[]? data, string topic, int partition, long offset) => inner.Deserialize(data, topic, partition, offset);
}
