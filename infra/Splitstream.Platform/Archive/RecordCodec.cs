using System.Buffers.Binary;
using System.Text;

namespace Splitstream.Platform.Archive;

/// <summary>
/// The archive's on-disk record: <c>[length:int32][crc32 of body:uint32][body]</c>, body =
/// <c>[offset:int64][timestamp:int64][key][value][header count:int32]{[name][value]}</c>, each byte field as
/// <c>[length:int32 (-1 = null)][bytes]</c>, little-endian. A torn or corrupt tail (crash mid-write) fails the length or
/// the checksum and is cut off when the segment is opened.
/// </summary>
internal static class RecordCodec
{
    public const int FrameHeader = 8;

    /// <summary>A record longer than this is treated as corruption (the mock cluster's own limit is 1 MB per message).</summary>
    private const int MaxBody = 64 * 1024 * 1024;

    public static byte[] Encode(ArchivedRecord record)
    {
        var bodyLength = 8 + 8 + Field(record.Key) + Field(record.Value) + 4
            + record.Headers.Sum(h => Field(Encoding.UTF8.GetByteCount(h.Key)) + Field(h.Value));
        var frame = new byte[FrameHeader + bodyLength];
        var body = frame.AsSpan(FrameHeader);
        var at = 0;
        BinaryPrimitives.WriteInt64LittleEndian(body[at..], record.Offset);
        at += 8;
        BinaryPrimitives.WriteInt64LittleEndian(body[at..], record.TimestampMs);
        at += 8;
        at += WriteField(body[at..], record.Key);
        at += WriteField(body[at..], record.Value);
        BinaryPrimitives.WriteInt32LittleEndian(body[at..], record.Headers.Count);
        at += 4;
        foreach (var (name, value) in record.Headers)
        {
            at += WriteField(body[at..], Encoding.UTF8.GetBytes(name));
            at += WriteField(body[at..], value);
        }
        BinaryPrimitives.WriteInt32LittleEndian(frame, bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Checksum.Crc32(body));
        return frame;
    }

    /// <summary>Reads the next record; null at the end of the stream or at a torn/corrupt frame (the caller truncates there).</summary>
    public static ArchivedRecord? Read(Stream stream, out int frameBytes)
    {
        frameBytes = 0;
        Span<byte> header = stackalloc byte[FrameHeader];
        if (stream.ReadAtLeast(header, FrameHeader, throwOnEndOfStream: false) < FrameHeader)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is < 28 or > MaxBody)
        {
            return null;
        }
        var body = new byte[length];
        if (stream.ReadAtLeast(body, length, throwOnEndOfStream: false) < length
            || Checksum.Crc32(body) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..]))
        {
            return null;
        }
        frameBytes = FrameHeader + length;
        var span = body.AsSpan();
        var offset = BinaryPrimitives.ReadInt64LittleEndian(span);
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        var at = 16;
        var key = ReadField(span, ref at);
        var value = ReadField(span, ref at);
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        var headers = new List<KeyValuePair<string, byte[]>>(count);
        for (var i = 0; i < count; i++)
        {
            var name = Encoding.UTF8.GetString(ReadField(span, ref at) ?? []);
            headers.Add(new(name, ReadField(span, ref at) ?? []));
        }
        return new ArchivedRecord(offset, timestamp, key, value, headers);
    }

    private static int Field(byte[]? bytes) => 4 + (bytes?.Length ?? 0);

    private static int Field(int length) => 4 + length;

    private static int WriteField(Span<byte> target, byte[]? bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(target, bytes?.Length ?? -1);
        bytes?.CopyTo(target[4..]);
        return 4 + (bytes?.Length ?? 0);
    }

    private static byte[]? ReadField(ReadOnlySpan<byte> body, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
        at += 4;
        if (length < 0)
        {
            return null;
        }
        var bytes = body.Slice(at, length).ToArray();
        at += length;
        return bytes;
    }
}
