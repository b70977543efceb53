using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>
/// Activity polylines kept apart from the summary row, in chunks of <see cref="PolylineChunkChars"/> characters keyed by
/// (activity, chunk number), each with a hash of its text (migration 14).
/// </summary>
/// <remarks>
/// Why (issue 16): a live summary is upserted several times a second and carries the activity's whole encoded polyline,
/// so rewriting it whole with the summary made an activity's bytes written grow with the square of its length (a 30 s
/// stage at 150,000 samples/s ends with ≈ 37 KB per polyline; the activity sink spent 33.8 s of 30 writing). The encoder
/// is incremental (<c>PolylineEncoder</c>): a growing track only appends, so an upsert rewrites the last chunk and adds
/// the next. Anything else (a late point that re-folds the middle, a manual entry that clears the track) changes the
/// hashes of the chunks it touches, and exactly those are rewritten; chunks past the new end are deleted. Nothing here
/// depends on what this process wrote before: the hashes are read from the store per batch.
/// </remarks>
public abstract partial class SqlStore
{
    /// <summary>
    /// Characters per chunk. The encoding is ASCII, so as many bytes: a chunk row stays within one 4 KiB SQLite page
    /// (no overflow chain to rewrite) and well under PostgreSQL's TOAST threshold.
    /// </summary>
    public const int PolylineChunkChars = 2048;

    /// <summary>
    /// The polyline of one activity joined from its chunks in order, or NULL without any (a summary stored before
    /// migration 14 still has it in its blob). string_agg with ORDER BY: PostgreSQL, and SQLite since 3.44.
    /// </summary>
    private const string PolylineColumn =
        "(SELECT string_agg(p.text, '' ORDER BY p.chunk) FROM activity_polylines p WHERE p.activity_id = a.activity_id)";

    private bool polylinesApart;

    /// <summary>
    /// Whether the store has <c>activity_polylines</c> (migration 14); a store migrated only that far (tests that migrate
    /// data forward) keeps polylines in the summary blob. Once seen, it stays.
    /// </summary>
    private async ValueTask<bool> PolylinesApartAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        polylinesApart || (polylinesApart = await TableExistsAsync(connection, "activity_polylines", cancellationToken));

    /// <summary>The stored chunk hashes of every activity of the batch, by activity, in chunk order; none for an activity without chunks.</summary>
    private static async Task<Dictionary<string, List<long>>> ReadPolylineHashesAsync(TransactionCommands statements,
        IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var s in summaries)
        {
            hashes.TryAdd(s.ActivityId, []);
        }
        await ReadByActivityAsync(statements, hashes.Keys.ToList(),
            "SELECT activity_id, chunk, hash FROM activity_polylines WHERE activity_id IN ({ids}) ORDER BY activity_id, chunk",
            reader =>
            {
                var stored = hashes[reader.GetString(0)];
                var chunk = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                // Chunks are written 0..n-1 and cut from the end, so they are dense; a gap would mean a foreign writer.
                if (chunk != stored.Count)
                {
                    throw new InvalidOperationException($"activity_polylines of {reader.GetString(0)} lacks chunk {stored.Count}");
                }
                stored.Add(reader.GetInt64(2));
            }, cancellationToken);
        return hashes;
    }

    /// <summary>The hash (<see cref="Hash"/>) of each chunk of <paramref name="polyline"/>, in order; none for an empty one.</summary>
    private static long[] PolylineChunkHashes(string polyline)
    {
        var hashes = new long[(polyline.Length + PolylineChunkChars - 1) / PolylineChunkChars];
        for (var chunk = 0; chunk < hashes.Length; chunk++)
        {
            hashes[chunk] = Hash(ChunkText(polyline, chunk));
        }
        return hashes;
    }

    private static ReadOnlySpan<char> ChunkText(string polyline, int chunk) =>
        polyline.AsSpan(chunk * PolylineChunkChars, Math.Min(PolylineChunkChars, polyline.Length - chunk * PolylineChunkChars));

    /// <summary>
    /// Makes the stored chunks of <paramref name="activityId"/> spell <paramref name="polyline"/>, whose chunk hashes are
    /// <paramref name="hashes"/>: writes each chunk whose hash differs from <paramref name="stored"/> (or is new), deletes
    /// those past its end, and leaves <paramref name="stored"/> as the store now holds them (a later summary of the same
    /// activity in the batch compares against this one).
    /// </summary>
    private static async Task WritePolylineAsync(TransactionCommands statements, string activityId, string polyline, long[] hashes,
        List<long> stored, CancellationToken cancellationToken)
    {
        for (var chunk = 0; chunk < hashes.Length; chunk++)
        {
            if (chunk < stored.Count && stored[chunk] == hashes[chunk])
            {
                continue;
            }
            await statements.ExecuteAsync("""
                INSERT INTO activity_polylines (activity_id, chunk, hash, text) VALUES (@id, @chunk, @hash, @text)
                ON CONFLICT (activity_id, chunk) DO UPDATE SET hash = excluded.hash, text = excluded.text
                """, cancellationToken, ("id", activityId), ("chunk", chunk), ("hash", hashes[chunk]),
                ("text", ChunkText(polyline, chunk).ToString()));
            if (chunk < stored.Count)
            {
                stored[chunk] = hashes[chunk];
            }
            else
            {
                stored.Add(hashes[chunk]);
            }
        }
        if (stored.Count > hashes.Length)
        {
            await statements.ExecuteAsync("DELETE FROM activity_polylines WHERE activity_id = @id AND chunk >= @count", cancellationToken,
                ("id", activityId), ("count", hashes.Length));
            stored.RemoveRange(hashes.Length, stored.Count - hashes.Length);
        }
    }

    /// <summary>The first 8 bytes of the SHA-256 of the chunk's UTF-16 code units: stable across processes and versions.</summary>
    private static long Hash(ReadOnlySpan<char> text)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
