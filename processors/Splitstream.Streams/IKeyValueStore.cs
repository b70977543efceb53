namespace Splitstream.Streams;

/// <summary>A key-value state store.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore where TKey : notnull
{
    bool TryGet(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value);

    void Put(TKey key, TValue value);

    void Delete(TKey key);

    IEnumerable<KeyValuePair<TKey, TValue>> All();

    /// <summary>
    /// The entries with <paramref name="from"/> ≤ key &lt; <paramref name="toExclusive"/>, the bounds compared as the
    /// serialized keys' bytes (ordinal for ASCII string keys). The entries come in no guaranteed order (a persistent
    /// store yields the flushed ones, then the unflushed ones). Costs O(log n + matches) in both store kinds. A
    /// persistent store streams the entries (as <see cref="All"/> does): list them first to change the store while going
    /// through them. <see cref="KeyValueStoreExtensions.WithPrefix"/> lists an owner's keys in order.
    /// </summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey toExclusive);
}
