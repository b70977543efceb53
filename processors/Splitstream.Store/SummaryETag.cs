using System.Security.Cryptography;

namespace Splitstream.Store;

/// <summary>
/// The ETag of a stored summary: a hash of its Protobuf bytes (deterministic for equal messages), so a replayed,
/// unchanged summary keeps its ETag and clients' caches stay valid.
/// </summary>
public static class SummaryETag
{
    public static string Of(ReadOnlySpan<byte> summary) => Format(SHA256.HashData(summary));

    /// <summary>
    /// The ETag of a summary stored as its blob without the polyline and the polyline's chunk hashes (SqlStore.Polylines):
    /// over the blob, then the hashes; with no chunks, exactly <see cref="Of(ReadOnlySpan{byte})"/> of the blob.
    /// </summary>
    public static string Of(ReadOnlySpan<byte> summary, ReadOnlySpan<long> polylineChunkHashes)
    {
        if (polylineChunkHashes.IsEmpty)
        {
            return Of(summary);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(summary);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(polylineChunkHashes));
        return Format(hash.GetHashAndReset());
    }

    private static string Format(byte[] digest) => "\"" + Convert.ToHexStringLower(digest.AsSpan(0, 12)) + "\"";
}
