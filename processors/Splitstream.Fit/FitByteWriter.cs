using System.Buffers.Binary;

namespace Splitstream.Fit;

/// <summary>Little-endian FIT bytes into a small buffer flushed to a stream, with the running file CRC.</summary>
internal sealed class FitByteWriter(Stream output)
{
    private const int FlushAt = 60 * 1024;
    private readonly byte[] buffer = new byte[64 * 1024];
    private int length;

    public ushort Crc { get; private set; }

    public void U8(int value)
    {
        var span = Put(1);
        span[0] = (byte)value;
        Sum(span);
    }

    public void U16(int value)
    {
        var span = Put(2);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value);
        Sum(span);
    }

    public void U32(uint value)
    {
        var span = Put(4);
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        Sum(span);
    }

    public void S32(int value)
    {
        var span = Put(4);
        BinaryPrimitives.WriteInt32LittleEndian(span, value);
        Sum(span);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        var span = Put(bytes.Length);
        bytes.CopyTo(span);
        Sum(span);
    }

    /// <summary>Writes the file CRC (over everything written so far) and flushes.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var crc = Crc;
        BinaryPrimitives.WriteUInt16LittleEndian(Put(2), crc);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Flushes once the buffer is nearly full; called after each message, so a message never overflows it.</summary>
    public async ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (length >= FlushAt)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
        length = 0;
    }

    private Span<byte> Put(int count)
    {
        var slot = buffer.AsSpan(length, count);
        length += count;
        return slot;
    }

    private void Sum(ReadOnlySpan<byte> bytes) => Crc = FitCrc.Compute(bytes, Crc);
}
