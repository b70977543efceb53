using System.Security.Cryptography;

namespace Splitstream.Store;

/// <summary>
/// The ETag of a stored summary: a hash of its Protobuf bytes (deterministic for equal messages), so a replayed,
/// unchanged summary keeps its ETag and clients' caches stay valid.
/// </summary>
public static class SummaryETag
{
    public static string Of(ReadOnlySpan<byte> summary) => "\"" + Convert.ToHexStringLower(SHA256.HashData(summary).AsSpan(0, 12)) + "\"";
}
