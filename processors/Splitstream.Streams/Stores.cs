namespace Splitstream.Streams;

/// <summary>Store builders for <see cref="TopologyBuilder.AddStateStore"/>: in memory or on disk, changelogged unless told otherwise.</summary>
public static class Stores
{
    public static IStoreBuilder KeyValue<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged = true)
        where TKey : notnull =>
        new Builder(name, logged, () => new InMemoryKeyValueStore<TKey, TValue>(name, keySerde, valueSerde, logged));

    /// <summary>
    /// A key-value store on local disk (RocksDB under the task's state directory) with a write-back cache: restarts
    /// restore only the changelog's tail after the task's checkpoint, and the state may be larger than memory.
    /// </summary>
    public static IStoreBuilder PersistentKeyValue<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged = true)
        where TKey : notnull =>
        new Builder(name, logged, () => new RocksDbKeyValueStore<TKey, TValue>(name, keySerde, valueSerde, logged));

    public static IStoreBuilder Window<TKey, TValue>(string name, TimeWindows windows, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged = true)
        where TKey : notnull =>
        new Builder(name, logged, () => new InMemoryWindowStore<TKey, TValue>(name, windows, keySerde, valueSerde, logged));

    private sealed class Builder(string name, bool logged, Func<IStateStore> build) : IStoreBuilder
    {
        public string Name { get; } = name;

        public bool Logged { get; } = logged;

        public IStateStore Build() => build();
    }
}
