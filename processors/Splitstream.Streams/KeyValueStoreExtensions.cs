namespace Splitstream.Streams;

/// <summary>Queries built on <see cref="IKeyValueStore{TKey,TValue}.Range"/> that more than one processor needs.</summary>
public static class KeyValueStoreExtensions
{
    /// <summary>
    /// The entries whose keys have the form <c>owner|…</c> (a user's activities, a board's contributions, an activity's
    /// chunks), listed in ordinal key order: sums over them give the same bits on every replay and in both store kinds,
    /// and the caller may change the store while going through the list. '}' follows '|', so the range
    /// <c>["owner|", "owner}")</c> holds exactly those keys; an owner containing '|' may share another owner's range,
    /// so callers with such owners check the key. Costs O(log n + m log m) for m entries.
    /// </summary>
    public static List<KeyValuePair<string, TValue>> WithPrefix<TValue>(this IKeyValueStore<string, TValue> store, string owner)
    {
        var entries = store.Range(owner + "|", owner + "}").ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }
}
