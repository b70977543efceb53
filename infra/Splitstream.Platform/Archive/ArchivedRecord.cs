namespace Splitstream.Platform.Archive;

/// <summary>One record of a partition as the embedded cluster held it: its offset, timestamp, key, value and headers.</summary>
public sealed record ArchivedRecord(long Offset, long TimestampMs, byte[]? Key, byte[]? Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers)
{
    /// <summary>Bytes of key, value and headers: a lower bound of what the record costs in a broker's message set.</summary>
    public long PayloadBytes => (Key?.Length ?? 0) + (Value?.Length ?? 0) + Headers.Sum(h => (long)h.Key.Length + h.Value.Length);
}
