namespace Splitstream.Streams;

/// <summary>A store of values per (key, window start), keeping windows for the retention of its <see cref="TimeWindows"/>.</summary>
public interface IWindowStore<TKey, TValue> : IStateStore where TKey : notnull
{
    TimeWindows Windows { get; }

    bool TryGet(TKey key, long windowStart, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value);

    void Put(TKey key, long windowStart, TValue value);

    /// <summary>Every stored window with <paramref name="fromStart"/> &lt;= start &lt;= <paramref name="toStart"/>, ordered by start.</summary>
    IEnumerable<(TKey Key, long WindowStart, TValue Value)> FetchAll(long fromStart, long toStart);

    /// <summary>Drops windows that can no longer receive records at this stream time (start + retention &lt;= stream time).</summary>
    void ExpireBefore(long streamTime);

}
