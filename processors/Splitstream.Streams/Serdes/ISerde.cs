namespace Splitstream.Streams;

/// <summary>Turns values of one type into bytes and back. Decoding failures throw; a source turns them into dead letters.</summary>
public interface ISerde<T>
{
    byte[]? Serialize(T value, string topic);

    T Deserialize(byte[]? data, string topic, int partition, long offset);
}
