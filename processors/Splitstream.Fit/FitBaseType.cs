namespace Splitstream.Fit;

/// <summary>
/// FIT base types (the low 5 bits of the base type byte): their sizes and invalid values. Reads a scalar field as a
/// signed 64-bit value, or null when the device wrote the type's invalid value, an array, or a type Splitstream does
/// not read as a number (strings, floats, unknown types).
/// </summary>
internal static class FitBaseType
{
    public const byte Enum = 0x00;
    public const byte SInt8 = 0x01;
    public const byte UInt8 = 0x02;
    public const byte SInt16 = 0x83;
    public const byte UInt16 = 0x84;
    public const byte SInt32 = 0x85;
    public const byte UInt32 = 0x86;
    public const byte UInt32Z = 0x8C;

    private static readonly int[] Sizes = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

    public static long? Read(ReadOnlySpan<byte> bytes, byte baseType, bool bigEndian)
    {
        var index = baseType & 0x1F;
        if (index >= Sizes.Length || bytes.Length != Sizes[index])
        {
            return null;
        }
        ulong raw = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bigEndian ? bytes[i] : bytes[bytes.Length - 1 - i];
            raw = (raw << 8) | b;
        }
        return index switch
        {
            0 or 2 or 13 => raw == 0xFF ? null : (long)raw,
            1 => raw == 0x7F ? null : (sbyte)raw,
            3 => raw == 0x7FFF ? null : (short)raw,
            4 => raw == 0xFFFF ? null : (long)raw,
            5 => raw == 0x7FFFFFFF ? null : (int)raw,
            6 => raw == 0xFFFFFFFF ? null : (long)raw,
            10 or 11 or 12 or 16 => raw == 0 ? null : (long)raw,
            14 => raw == 0x7FFFFFFFFFFFFFFF ? null : (long)raw,
            15 => raw == ulong.MaxValue || raw > long.MaxValue ? null : (long)raw,
            _ => null,
        };
    }
}
