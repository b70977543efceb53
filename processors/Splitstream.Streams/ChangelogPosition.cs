namespace Splitstream.Streams;

/// <summary>How far a store's local files hold its changelog partition: the next offset, and the fingerprint of the record before it.</summary>
internal readonly record struct ChangelogPosition(long NextOffset, ulong Fingerprint)
{
    /// <summary>FNV-1a (64 bit) of a changelog record's key, value and timestamp.</summary>
    public static ulong FingerprintOf(byte[]? key, byte[]? value, long timestamp)
    {
        var hash = 14695981039346656037UL;
        hash = Mix(hash, key);
        hash = (hash ^ (value is null ? 1UL : 2UL)) * 1099511628211UL;
        hash = Mix(hash, value);
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(timestamp >> (8 * i))) * 1099511628211UL;
        }
        return hash;
    }

    private static ulong Mix(ulong hash, byte[]? bytes)
    {
        foreach (var b in bytes ?? [])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
