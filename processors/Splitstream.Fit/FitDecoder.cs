using System.Buffers.Binary;

namespace Splitstream.Fit;

/// <summary>
/// Reads FIT activity files written to the FIT protocol (2.x): the 12- or 14-byte header with its CRC, definition and
/// data messages on 16 local message types in either byte order, compressed-timestamp headers, developer fields
/// (skipped by their declared sizes), chained files, and the file CRC. The input is hostile: every length and count is
/// checked against the bytes that remain before anything is read or allocated, there is no recursion, and the lists it
/// builds are capped, so a file costs time and memory in proportion to its size. Anything wrong is a
/// <see cref="FitFormatException"/> naming the byte offset, the message and the field.
/// </summary>
public static class FitDecoder
{
    public const int MaxLaps = 10_000;
    public const int MaxEvents = 100_000;
    public const int MaxSessionsOrDevices = 1_000;
    private const int LocalTypes = 16;
    private const int TimestampField = 253;

    /// <summary>True when the bytes start like a FIT file: a 12- or 14-byte header with ".FIT" at byte 8.</summary>
    public static bool LooksLikeFit(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[0] is 12 or 14 && bytes[8] == (byte)'.' && bytes[9] == (byte)'F' && bytes[10] == (byte)'I' && bytes[11] == (byte)'T';

    /// <param name="file">The whole file.</param>
    /// <param name="maxRecords">More <c>record</c> messages than this is an error with <see cref="FitFormatException.LimitExceeded"/>.</param>
    public static FitActivity Decode(ReadOnlySpan<byte> file, int maxRecords)
    {
        if (file.Length == 0)
        {
            throw new FitFormatException(0, "the file is empty", "header");
        }
        var activity = new FitActivity();
        var position = 0;
        // Chained FIT files follow one another; each has its own header, definitions and CRC.
        while (position < file.Length)
        {
            position = DecodeOne(file, position, activity, maxRecords);
        }
        return activity;
    }

    private static int DecodeOne(ReadOnlySpan<byte> file, int start, FitActivity activity, int maxRecords)
    {
        var remaining = file.Length - start;
        int headerSize = file[start];
        if (headerSize is not (12 or 14))
        {
            throw new FitFormatException(start, $"the header size must be 12 or 14 bytes, not {headerSize}", "header", "header_size");
        }
        if (remaining < headerSize)
        {
            throw new FitFormatException(start, $"truncated: the {headerSize}-byte header has only {remaining} bytes", "header");
        }
        var header = file.Slice(start, headerSize);
        if (!header.Slice(8, 4).SequenceEqual(".FIT"u8))
        {
            throw new FitFormatException(start + 8, "the data type is not \".FIT\"", "header", "data_type");
        }
        if (headerSize == 14)
        {
            var headerCrc = BinaryPrimitives.ReadUInt16LittleEndian(header[12..]);
            // 0 means the writer did not compute it (allowed by the protocol).
            if (headerCrc != 0 && headerCrc != FitCrc.Compute(header[..12]))
            {
                throw new FitFormatException(start + 12, $"the header CRC 0x{headerCrc:X4} does not match its bytes (0x{FitCrc.Compute(header[..12]):X4})", "header", "crc");
            }
        }
        var dataSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (dataSize > (ulong)(remaining - headerSize) || remaining - headerSize - dataSize < 2)
        {
            throw new FitFormatException(start + 4,
                $"truncated: the header declares {dataSize} data bytes and a 2-byte CRC, but {remaining - headerSize} bytes follow it", "header", "data_size");
        }
        var end = start + headerSize + (int)dataSize;
        var fileCrc = BinaryPrimitives.ReadUInt16LittleEndian(file[end..]);
        var computed = FitCrc.Compute(file[start..end]);
        if (fileCrc != computed)
        {
            throw new FitFormatException(end, $"the file CRC 0x{fileCrc:X4} does not match the file's bytes (0x{computed:X4}): the file is corrupt", "file", "crc");
        }
        ReadMessages(file, start + headerSize, end, activity, maxRecords);
        return end + 2;
    }

    private static void ReadMessages(ReadOnlySpan<byte> file, int position, int end, FitActivity activity, int maxRecords)
    {
        var definitions = new FitMessageDefinition?[LocalTypes];
        var values = new FieldValues();
        uint? lastTimestamp = null;
        while (position < end)
        {
            var messageStart = position;
            var header = file[position++];
            activity.MessageCount++;
            if ((header & 0x80) != 0)
            {
                // Compressed timestamp header: local type in bits 5-6, a 5-bit offset from the last full timestamp.
                var local = (header >> 5) & 0x03;
                var offset = (uint)(header & 0x1F);
                if (lastTimestamp is not { } last)
                {
                    throw new FitFormatException(messageStart, "a compressed-timestamp header comes before any timestamp", "data", "timestamp");
                }
                var timestamp = last + ((offset - (last & 0x1F)) & 0x1F);
                lastTimestamp = timestamp;
                var definition = definitions[local]
                    ?? throw new FitFormatException(messageStart, $"a data message of local type {local} comes before its definition", "data");
                position = ReadData(file, position, end, definition, values, messageStart);
                values.Set(TimestampField, timestamp);
                Dispatch(definition.GlobalNumber, values, activity, messageStart, maxRecords);
            }
            else if ((header & 0x40) != 0)
            {
                definitions[header & 0x0F] = ReadDefinition(file, ref position, end, (header & 0x20) != 0, messageStart);
            }
            else
            {
                var local = header & 0x0F;
                var definition = definitions[local]
                    ?? throw new FitFormatException(messageStart, $"a data message of local type {local} comes before its definition", "data");
                position = ReadData(file, position, end, definition, values, messageStart);
                if (values.Get(TimestampField) is { } ts)
                {
                    lastTimestamp = (uint)ts;
                }
                Dispatch(definition.GlobalNumber, values, activity, messageStart, maxRecords);
            }
        }
    }

    private static FitMessageDefinition ReadDefinition(ReadOnlySpan<byte> file, ref int position, int end, bool developer, int messageStart)
    {
        Need(position, 5, end, messageStart, "definition", "the fixed part of a definition");
        var architecture = file[position + 1];
        if (architecture > 1)
        {
            throw new FitFormatException(position + 1, $"the architecture must be 0 (little-endian) or 1 (big-endian), not {architecture}", "definition", "architecture");
        }
        var bigEndian = architecture == 1;
        var global = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(file[(position + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(file[(position + 2)..]);
        int count = file[position + 4];
        position += 5;
        Need(position, count * 3, end, messageStart, "definition", $"{count} field definitions");
        var fields = new FitFieldDefinition[count];
        for (var i = 0; i < count; i++, position += 3)
        {
            fields[i] = new FitFieldDefinition(file[position], file[position + 1], file[position + 2]);
            if (fields[i].Size == 0)
            {
                throw new FitFormatException(position + 1, $"field {fields[i].Number} has size 0", "definition", $"field[{i}].size");
            }
        }
        var developerBytes = 0;
        if (developer)
        {
            Need(position, 1, end, messageStart, "definition", "the developer field count");
            int developerCount = file[position++];
            Need(position, developerCount * 3, end, messageStart, "definition", $"{developerCount} developer field definitions");
            for (var i = 0; i < developerCount; i++, position += 3)
            {
                developerBytes += file[position + 1];
            }
        }
        return new FitMessageDefinition(global, bigEndian, fields, developerBytes);
    }

    private static int ReadData(ReadOnlySpan<byte> file, int position, int end, FitMessageDefinition definition, FieldValues values, int messageStart)
    {
        Need(position, definition.Size, end, messageStart, Name(definition.GlobalNumber), $"a {definition.Size}-byte data message");
        values.Clear();
        values.HasDeveloperData = definition.DeveloperBytes > 0;
        foreach (var field in definition.Fields)
        {
            if (FitBaseType.Read(file.Slice(position, field.Size), field.BaseType, definition.BigEndian) is { } value)
            {
                values.Set(field.Number, value);
            }
            position += field.Size;
        }
        return position + definition.DeveloperBytes;
    }

    private static void Dispatch(ushort global, FieldValues v, FitActivity activity, int offset, int maxRecords)
    {
        if (v.HasDeveloperData)
        {
            activity.DeveloperFieldMessages++;
        }
        switch (global)
        {
            case 0:
                activity.FileType ??= (int?)v.Get(0);
                activity.Manufacturer ??= (int?)v.Get(1);
                activity.Product ??= (int?)v.Get(2);
                activity.TimeCreatedMs ??= Time(v.Get(4));
                break;
            case 12:
                activity.Sport ??= (int?)v.Get(0);
                break;
            case 18:
                Cap(activity.Sessions.Count, MaxSessionsOrDevices, offset, "session");
                var session = new FitSession(Time(v.Get(2)) ?? Time(v.Get(TimestampField)) ?? 0, Time(v.Get(TimestampField)) ?? 0,
                    (int?)v.Get(5), (int?)v.Get(6), Scaled(v.Get(7), 1000), Scaled(v.Get(8), 1000), Scaled(v.Get(9), 100),
                    (int?)v.Get(16), (int?)v.Get(17));
                activity.Sessions.Add(session);
                activity.Sport ??= session.Sport;
                break;
            case 19:
                Cap(activity.Laps.Count, MaxLaps, offset, "lap");
                activity.Laps.Add(new FitLap((int?)v.Get(254) ?? activity.Laps.Count, Time(v.Get(2)) ?? Time(v.Get(TimestampField)) ?? 0,
                    Time(v.Get(TimestampField)) ?? 0, Scaled(v.Get(7), 1000), Scaled(v.Get(8), 1000), Scaled(v.Get(9), 100),
                    (int?)v.Get(15), (int?)v.Get(16)));
                break;
            case 20:
                if (activity.Records.Count >= maxRecords)
                {
                    throw new FitFormatException(offset, $"more than {maxRecords} records", "record") { LimitExceeded = true };
                }
                var time = Time(v.Get(TimestampField))
                    ?? throw new FitFormatException(offset, $"record {activity.Records.Count} has no timestamp", "record", "timestamp");
                var lat = (int?)v.Get(0);
                var lon = (int?)v.Get(1);
                var hasPosition = lat.HasValue && lon.HasValue;
                activity.Records.Add(new FitRecord(time, hasPosition ? lat : null, hasPosition ? lon : null,
                    Altitude(v.Get(78) ?? v.Get(2)), (int?)v.Get(3), (int?)v.Get(4), (int?)v.Get(7),
                    Scaled(v.Get(73) ?? v.Get(6), 1000), Scaled(v.Get(5), 100)));
                break;
            case 21:
                Cap(activity.Events.Count, MaxEvents, offset, "event");
                if (Time(v.Get(TimestampField)) is { } at && v.Get(0) is { } e && v.Get(1) is { } type)
                {
                    activity.Events.Add(new FitEvent(at, (int)e, (int)type));
                }
                break;
            case 23:
                Cap(activity.Devices.Count, MaxSessionsOrDevices, offset, "device_info");
                activity.Devices.Add(new FitDeviceInfo(Time(v.Get(TimestampField)), (int?)v.Get(0), (int?)v.Get(2), (int?)v.Get(4),
                    v.Get(3), Scaled(v.Get(5), 100)));
                break;
        }
    }

    private static void Need(int position, int count, int end, int messageStart, string message, string what)
    {
        if (count > end - position)
        {
            throw new FitFormatException(messageStart, $"truncated: {what} ({count} bytes) runs past the end of the data ({end - position} bytes left)", message);
        }
    }

    private static void Cap(int count, int max, int offset, string message)
    {
        if (count >= max)
        {
            throw new FitFormatException(offset, $"more than {max} {message} messages", message) { LimitExceeded = true };
        }
    }

    private static long? Time(long? fitSeconds) => fitSeconds is { } s ? FitTime.ToUnixMs((uint)s) : null;

    private static double? Scaled(long? raw, double scale) => raw is { } r ? r / scale : null;

    private static double? Altitude(long? raw) => raw is { } r ? r / 5.0 - 500 : null;

    private static string Name(ushort global) => global switch
    {
        0 => "file_id",
        12 => "sport",
        18 => "session",
        19 => "lap",
        20 => "record",
        21 => "event",
        23 => "device_info",
        34 => "activity",
        _ => $"global {global}",
    };
}
