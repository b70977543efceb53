namespace Splitstream.Fit;

/// <summary>The FIT CRC-16 (the protocol's nibble-table form of CRC-16/ARC), over the header and over the whole file.</summary>
public static class FitCrc
{
    private static readonly ushort[] Table =
    [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];

    public static ushort Update(ushort crc, byte value)
    {
        var tmp = Table[crc & 0xF];
        crc = (ushort)((crc >> 4) & 0x0FFF);
        crc = (ushort)(crc ^ tmp ^ Table[value & 0xF]);
        tmp = Table[crc & 0xF];
        crc = (ushort)((crc >> 4) & 0x0FFF);
        return (ushort)(crc ^ tmp ^ Table[(value >> 4) & 0xF]);
    }

    public static ushort Compute(ReadOnlySpan<byte> data, ushort crc = 0)
    {
        foreach (var b in data)
        {
            crc = Update(crc, b);
        }
        return crc;
    }
}
