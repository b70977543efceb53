namespace Splitstream.Streams;

/// <summary>A key-value state store.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore where TKey : notnull
{
    bool TryGet(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value);

    void Put(TKey key, TValue value);

    void Delete(TKey key);

    int Count { get; }

    IEnumerable<KeyValuePair<TKey, TValue>> All();
}
