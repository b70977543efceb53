namespace Splitstream.Streams;

/// <summary>Pipes typed records with explicit event timestamps into a <see cref="TopologyTestDriver"/>.</summary>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver driver;
    private readonly ISerde<TKey> keySerde;
    private readonly ISerde<TValue> valueSerde;

    internal TestInputTopic(TopologyTestDriver driver, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        this.driver = driver;
        Topic = topic;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    public string Topic { get; }

    public void PipeInput(TKey key, TValue value, long timestamp) =>
        driver.PipeRaw(Topic, keySerde.Serialize(key, Topic), valueSerde.Serialize(value, Topic), timestamp);

    public void PipeInput(TKey key, TValue value, DateTimeOffset timestamp) => PipeInput(key, value, timestamp.ToUnixTimeMilliseconds());
}
