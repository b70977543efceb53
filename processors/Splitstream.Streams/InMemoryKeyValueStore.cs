using System.Diagnostics.CodeAnalysis;

namespace Splitstream.Streams;

/// <summary>
/// A dictionary backed by a changelog. Changes are collected per key and written at flush (the task's commit), so a
/// counter updated a thousand times between commits costs one changelog record, as Kafka Streams' record cache does.
/// </summary>
public sealed class InMemoryKeyValueStore<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged)
    : IKeyValueStore<TKey, TValue>, IRestorableStore where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> entries = [];
    private readonly HashSet<TKey> dirty = [];
    private ChangelogWriter? changelog;
    // Built on the first range query only, then kept up to date: stores never scanned pay nothing for it.
    private SortedSet<TKey>? index;

    public string Name { get; } = name;

    public bool Logged { get; } = logged;

    public int Count => entries.Count;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value) => entries.TryGetValue(key, out value);

    public void Put(TKey key, TValue value)
    {
        entries[key] = value;
        index?.Add(key);
        MarkDirty(key);
    }

    public void Delete(TKey key)
    {
        if (entries.Remove(key))
        {
            index?.Remove(key);
            MarkDirty(key);
        }
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => entries;

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey toExclusive)
    {
        index ??= new SortedSet<TKey>(entries.Keys, typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default);
        if (index.Comparer.Compare(from, toExclusive) >= 0)
        {
            return [];
        }
        return index.GetViewBetween(from, toExclusive)
            .Where(k => index.Comparer.Compare(k, toExclusive) < 0)
            .Select(k => new KeyValuePair<TKey, TValue>(k, entries[k]))
            .ToList();
    }

    void IRestorableStore.AttachChangelog(ChangelogWriter writer) => changelog = writer;

    void IRestorableStore.Flush(long streamTime)
    {
        if (changelog is null)
        {
            return;
        }
        foreach (var key in dirty)
        {
            var keyBytes = keySerde.Serialize(key, changelog.Topic) ?? throw new InvalidOperationException($"store {Name}: a key serialized to null");
            changelog.Write(keyBytes, entries.TryGetValue(key, out var value) ? valueSerde.Serialize(value, changelog.Topic) : null, streamTime);
        }
        dirty.Clear();
    }

    void IRestorableStore.Restore(byte[] key, byte[]? value)
    {
        var topic = changelog?.Topic ?? Name;
        var typedKey = keySerde.Deserialize(key, topic, -1, -1);
        if (value is null)
        {
            entries.Remove(typedKey);
            index?.Remove(typedKey);
        }
        else
        {
            entries[typedKey] = valueSerde.Deserialize(value, topic, -1, -1);
            index?.Add(typedKey);
        }
    }

    void IRestorableStore.RestoreCompleted()
    {
    }

    private void MarkDirty(TKey key)
    {
        if (Logged)
        {
            dirty.Add(key);
        }
    }
}
