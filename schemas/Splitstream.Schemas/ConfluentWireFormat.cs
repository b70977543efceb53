namespace Splitstream.Schemas;

/// <summary>
/// The Confluent wire format for Protobuf values: magic byte 0, the schema id as 4 bytes big-endian, the message-index
/// path (zig-zag varints: count, then indexes; the common path [0] is written as the single byte 0), then the payload.
/// </summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;

    /// <summary>Writes the header (magic, schema id, message indexes) and returns the number of bytes written.</summary>
    public static int WriteHeader(Span<byte> destination, int schemaId, ReadOnlySpan<int> messageIndexes)
    {
        destination[0] = MagicByte;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(destination[1..], schemaId);
        var at = 5;
        if (messageIndexes.Length == 1 && messageIndexes[0] == 0)
        {
            destination[at++] = 0;
            return at;
        }
        at += WriteZigZagVarint(destination[at..], messageIndexes.Length);
        foreach (var index in messageIndexes)
        {
            at += WriteZigZagVarint(destination[at..], index);
        }
        return at;
    }

    /// <summary>The largest header this format can produce for a path of the given depth.</summary>
    public static int MaxHeaderSize(int depth) => 5 + 5 * (depth + 1);

    /// <summary>Reads a header; throws <see cref="FormatException"/> on anything that is not the wire format.</summary>
    public static WireHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 6)
        {
            throw new FormatException($"value of {data.Length} bytes is too short for the Confluent wire format");
        }
        if (data[0] != MagicByte)
        {
            throw new FormatException($"unknown magic byte {data[0]} (expected 0)");
        }
        var schemaId = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        var at = 5;
        var count = ReadZigZagVarint(data, ref at);
        if (count == 0)
        {
            return new WireHeader(schemaId, [0], at);
        }
        if (count < 0 || count > 64)
        {
            throw new FormatException($"message-index count {count} is out of range");
        }
        var indexes = new int[count];
        for (var i = 0; i < count; i++)
        {
            indexes[i] = ReadZigZagVarint(data, ref at);
            if (indexes[i] < 0)
            {
                throw new FormatException($"message index {indexes[i]} is negative");
            }
        }
        return new WireHeader(schemaId, indexes, at);
    }

    private static int WriteZigZagVarint(Span<byte> destination, int value)
    {
        var zigzag = (uint)((value << 1) ^ (value >> 31));
        var n = 0;
        while (zigzag >= 0x80)
        {
            destination[n++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }
        destination[n++] = (byte)zigzag;
        return n;
    }

    private static int ReadZigZagVarint(ReadOnlySpan<byte> data, ref int at)
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new FormatException("truncated varint in the message-index path");
            }
            var b = data[at++];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (int)(result >> 1) ^ -(int)(result & 1);
            }
        }
        throw new FormatException("varint longer than 5 bytes in the message-index path");
    }
}
