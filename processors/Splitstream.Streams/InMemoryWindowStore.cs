using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Splitstream.Streams;

/// <summary>
/// Windows kept in a sorted map by start time, changelogged with keys of 8-byte big-endian window start followed by the
/// serialized key. Expired windows are dropped in memory and tombstoned in the changelog, so a restore never revives them.
/// </summary>
public sealed class InMemoryWindowStore<TKey, TValue>(string name, TimeWindows windows, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged)
    : IWindowStore<TKey, TValue>, IRestorableStore, IExpiringStore where TKey : notnull
{
    private readonly SortedDictionary<long, Dictionary<TKey, TValue>> byStart = [];
    private readonly HashSet<(TKey Key, long Start)> dirty = [];
    private ChangelogWriter? changelog;

    public string Name { get; } = name;

    public bool Logged { get; } = logged;

    public TimeWindows Windows { get; } = windows;

    public int Count => byStart.Values.Sum(w => w.Count);

    public bool TryGet(TKey key, long windowStart, [MaybeNullWhen(false)] out TValue value)
    {
        value = default;
        return byStart.TryGetValue(windowStart, out var window) && window.TryGetValue(key, out value);
    }

    public void Put(TKey key, long windowStart, TValue value)
    {
        if (!byStart.TryGetValue(windowStart, out var window))
        {
            byStart[windowStart] = window = [];
        }
        window[key] = value;
        MarkDirty(key, windowStart);
    }

    public IEnumerable<(TKey Key, long WindowStart, TValue Value)> FetchAll(long fromStart, long toStart)
    {
        foreach (var (start, window) in byStart)
        {
            if (start > toStart)
            {
                yield break;
            }
            if (start < fromStart)
            {
                continue;
            }
            foreach (var (key, value) in window)
            {
                yield return (key, start, value);
            }
        }
    }

    public void ExpireBefore(long streamTime)
    {
        while (byStart.Count > 0)
        {
            var (start, window) = byStart.First();
            if (start + Windows.RetentionMs > streamTime)
            {
                return;
            }
            byStart.Remove(start);
            foreach (var key in window.Keys)
            {
                MarkDirty(key, start);
            }
        }
    }

    void IRestorableStore.AttachChangelog(ChangelogWriter writer) => changelog = writer;

    void IRestorableStore.Flush(long streamTime)
    {
        if (changelog is null)
        {
            return;
        }
        foreach (var (key, start) in dirty)
        {
            var keyBytes = keySerde.Serialize(key, changelog.Topic) ?? throw new InvalidOperationException($"store {Name}: a key serialized to null");
            var storeKey = new byte[8 + keyBytes.Length];
            BinaryPrimitives.WriteInt64BigEndian(storeKey, start);
            keyBytes.CopyTo(storeKey, 8);
            changelog.Write(storeKey, TryGet(key, start, out var value) ? valueSerde.Serialize(value, changelog.Topic) : null, streamTime);
        }
        dirty.Clear();
    }

    void IRestorableStore.RestoreCompleted()
    {
    }

    void IRestorableStore.Restore(byte[] key, byte[]? value)
    {
        var topic = changelog?.Topic ?? Name;
        var start = BinaryPrimitives.ReadInt64BigEndian(key);
        var typedKey = keySerde.Deserialize(key[8..], topic, -1, -1);
        if (value is not null)
        {
            if (!byStart.TryGetValue(start, out var window))
            {
                byStart[start] = window = [];
            }
            window[typedKey] = valueSerde.Deserialize(value, topic, -1, -1);
        }
        else if (byStart.TryGetValue(start, out var window) && window.Remove(typedKey) && window.Count == 0)
        {
            byStart.Remove(start);
        }
    }

    private void MarkDirty(TKey key, long windowStart)
    {
        if (Logged)
        {
            dirty.Add((key, windowStart));
        }
    }
}
