namespace Splitstream.Fit;

/// <summary>
/// Writes a FIT activity file (protocol 2.0, profile 21.x, little-endian, summary last) to a stream as it goes:
/// file_id, a timer start event, one record per point (timestamp, position in semicircles, altitude, heart rate), a
/// timer stop event, the laps (one covering the activity when there are none), the session and the activity message.
/// The header's data size is computed from the counts up front, so nothing is buffered beyond 64 KiB. FIT times are
/// whole seconds: a point's time is floored to its second.
/// </summary>
public static class FitActivityEncoder
{
    private const ushort ProfileVersion = 21217;
    private const byte ProtocolVersion = 0x20;
    private const int DevelopmentManufacturer = 255;

    // (field number, size, base type) of each definition, in the order the data is written.
    private static readonly (byte, byte, byte)[] FileIdFields =
        [(0, 1, FitBaseType.Enum), (1, 2, FitBaseType.UInt16), (2, 2, FitBaseType.UInt16), (3, 4, FitBaseType.UInt32Z), (4, 4, FitBaseType.UInt32)];
    private static readonly (byte, byte, byte)[] EventFields =
        [(253, 4, FitBaseType.UInt32), (0, 1, FitBaseType.Enum), (1, 1, FitBaseType.Enum)];
    private static readonly (byte, byte, byte)[] RecordFields =
        [(253, 4, FitBaseType.UInt32), (0, 4, FitBaseType.SInt32), (1, 4, FitBaseType.SInt32), (2, 2, FitBaseType.UInt16), (3, 1, FitBaseType.UInt8)];
    private static readonly (byte, byte, byte)[] LapFields =
    [
        (253, 4, FitBaseType.UInt32), (2, 4, FitBaseType.UInt32), (7, 4, FitBaseType.UInt32), (8, 4, FitBaseType.UInt32), (9, 4, FitBaseType.UInt32),
        (254, 2, FitBaseType.UInt16), (0, 1, FitBaseType.Enum), (1, 1, FitBaseType.Enum), (15, 1, FitBaseType.UInt8),
    ];
    private static readonly (byte, byte, byte)[] SessionFields =
    [
        (253, 4, FitBaseType.UInt32), (2, 4, FitBaseType.UInt32), (7, 4, FitBaseType.UInt32), (8, 4, FitBaseType.UInt32), (9, 4, FitBaseType.UInt32),
        (5, 1, FitBaseType.Enum), (6, 1, FitBaseType.Enum), (0, 1, FitBaseType.Enum), (1, 1, FitBaseType.Enum), (254, 2, FitBaseType.UInt16),
        (25, 2, FitBaseType.UInt16), (26, 2, FitBaseType.UInt16),
    ];
    private static readonly (byte, byte, byte)[] ActivityFields =
        [(253, 4, FitBaseType.UInt32), (0, 4, FitBaseType.UInt32), (1, 2, FitBaseType.UInt16), (2, 1, FitBaseType.Enum), (3, 1, FitBaseType.Enum), (4, 1, FitBaseType.Enum)];

    public static async Task WriteAsync(Stream output, FitExportSummary summary, IEnumerable<FitRecord> records, int recordCount,
        IReadOnlyList<FitLap> laps, CancellationToken cancellationToken)
    {
        if (laps.Count == 0)
        {
            laps = [new FitLap(0, summary.StartMs, summary.EndMs, (summary.EndMs - summary.StartMs) / 1000.0, summary.TimerTimeS, summary.DistanceM, null, null)];
        }
        // Each message: a definition, then data messages of a 1-byte header and the fields' sizes.
        long dataSize = Definition(FileIdFields) + Data(FileIdFields)
            + Definition(EventFields) + 2 * Data(EventFields)
            + Definition(RecordFields) + (long)recordCount * Data(RecordFields)
            + Definition(LapFields) + (long)laps.Count * Data(LapFields)
            + Definition(SessionFields) + Data(SessionFields)
            + Definition(ActivityFields) + Data(ActivityFields);
        var w = new FitByteWriter(output);
        WriteHeader(w, checked((uint)dataSize));
        var start = FitTime.FromUnixMs(summary.StartMs);
        var end = FitTime.FromUnixMs(Math.Max(summary.EndMs, summary.StartMs));

        WriteDefinition(w, 0, 0, FileIdFields);
        w.U8(0);
        w.U8(4); // type: activity
        w.U16(DevelopmentManufacturer);
        w.U16(0);
        w.U32(1);
        w.U32(start);

        WriteDefinition(w, 1, 21, EventFields);
        WriteEvent(w, start, 0); // timer start

        WriteDefinition(w, 2, 20, RecordFields);
        var written = 0;
        foreach (var r in records)
        {
            if (++written > recordCount)
            {
                throw new InvalidOperationException($"more records than the {recordCount} announced");
            }
            w.U8(2);
            w.U32(FitTime.FromUnixMs(r.TimeMs));
            w.S32(r.LatSemicircles ?? int.MaxValue);
            w.S32(r.LonSemicircles ?? int.MaxValue);
            w.U16(r.AltitudeM is { } alt ? (int)Math.Clamp(Math.Round((alt + 500) * 5), 0, 0xFFFE) : 0xFFFF);
            w.U8(r.HeartRate is { } hr ? Math.Clamp(hr, 0, 0xFE) : 0xFF);
            await w.FlushIfFullAsync(cancellationToken);
        }
        if (written != recordCount)
        {
            throw new InvalidOperationException($"{written} records written, {recordCount} announced");
        }

        w.U8(1);
        w.U32(end);
        w.U8(0);
        w.U8(4); // timer stop_all

        WriteDefinition(w, 3, 19, LapFields);
        foreach (var lap in laps)
        {
            w.U8(3);
            w.U32(FitTime.FromUnixMs(lap.EndTimeMs));
            w.U32(FitTime.FromUnixMs(lap.StartTimeMs));
            w.U32(Milli(lap.TotalElapsedTimeS ?? (lap.EndTimeMs - lap.StartTimeMs) / 1000.0));
            w.U32(Milli(lap.TotalTimerTimeS ?? (lap.EndTimeMs - lap.StartTimeMs) / 1000.0));
            w.U32(lap.TotalDistanceM is { } d ? (uint)Math.Round(d * 100) : uint.MaxValue);
            w.U16(lap.Index);
            w.U8(9); // event: lap
            w.U8(1); // event_type: stop
            w.U8(lap.AvgHeartRate ?? 0xFF);
            await w.FlushIfFullAsync(cancellationToken);
        }

        WriteDefinition(w, 4, 18, SessionFields);
        w.U8(4);
        w.U32(end);
        w.U32(start);
        w.U32(Milli((summary.EndMs - summary.StartMs) / 1000.0));
        w.U32(Milli(summary.TimerTimeS));
        w.U32((uint)Math.Round(summary.DistanceM * 100));
        w.U8(FitSports.FromSplitstream(summary.Sport));
        w.U8(0); // sub_sport: generic
        w.U8(8); // event: session
        w.U8(1); // event_type: stop
        w.U16(0);
        w.U16(0);
        w.U16(laps.Count);

        WriteDefinition(w, 5, 34, ActivityFields);
        w.U8(5);
        w.U32(end);
        w.U32(Milli(summary.TimerTimeS));
        w.U16(1);
        w.U8(0); // type: manual
        w.U8(26); // event: activity
        w.U8(1); // event_type: stop
        await w.FinishAsync(cancellationToken);
    }

    private static void WriteHeader(FitByteWriter w, uint dataSize)
    {
        Span<byte> header = stackalloc byte[14];
        header[0] = 14;
        header[1] = ProtocolVersion;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header[2..], ProfileVersion);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataSize);
        ".FIT"u8.CopyTo(header[8..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header[12..], FitCrc.Compute(header[..12]));
        w.Bytes(header);
    }

    private static void WriteEvent(FitByteWriter w, uint time, int eventType)
    {
        w.U8(1);
        w.U32(time);
        w.U8(0); // event: timer
        w.U8(eventType);
    }

    private static void WriteDefinition(FitByteWriter w, int local, int global, (byte Number, byte Size, byte BaseType)[] fields)
    {
        w.U8(0x40 | local);
        w.U8(0); // reserved
        w.U8(0); // little-endian
        w.U16(global);
        w.U8(fields.Length);
        foreach (var (number, size, baseType) in fields)
        {
            w.U8(number);
            w.U8(size);
            w.U8(baseType);
        }
    }

    private static int Definition((byte, byte, byte)[] fields) => 6 + 3 * fields.Length;

    private static int Data((byte Number, byte Size, byte BaseType)[] fields) => 1 + fields.Sum(f => f.Size);

    private static uint Milli(double seconds) => (uint)Math.Clamp(Math.Round(seconds * 1000), 0, uint.MaxValue - 1);
}
