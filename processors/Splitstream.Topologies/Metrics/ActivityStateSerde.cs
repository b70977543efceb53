using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Splitstream.Geo;
using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// Compact binary encoding of <see cref="ActivityStateEntry"/> for the changelog. Sample times are varints relative to
/// the chunk start; coordinates stay full doubles, so a restore rebuilds exactly the points the fold saw.
/// Coordinates are XORed with the previous point's (lossless), and an elevation or accuracy equal to the previous point's
/// is a flag: a 1 Hz running point costs about 13-21 bytes, a heart-rate reading 3-4.
/// </summary>
/// <remarks>Layout: kind byte, then — lifecycle: info byte (0 none, 1 info, 2 info of a manual entry) [user, sport byte,
/// started-at, race, country, and for 2: sport name, manual entry as length-prefixed Protobuf], count,
/// (time, kind byte)*; samples: chunk start, count, (Δt varint, flags, lat xor, lon xor, [ele], [acc])*, count, (Δt, bpm)*;
/// evicted: stop time. Strings are a varint length and UTF-8.</remarks>
public sealed class ActivityStateSerde : ISerde<ActivityStateEntry>
{
    private const byte HasEle = 1;
    private const byte HasAcc = 2;
    private const byte SameEle = 4;
    private const byte SameAcc = 8;

    public static ActivityStateSerde Instance { get; } = new();

    public byte[]? Serialize(ActivityStateEntry value, string topic)
    {
        var size = Measure(value);
        var bytes = new byte[size];
        var writer = new Writer(bytes);
        writer.Byte((byte)value.Kind);
        switch (value.Kind)
        {
            case ActivityStateEntryKind.Lifecycle:
                WriteLifecycle(ref writer, value);
                break;
            case ActivityStateEntryKind.Samples:
                WriteSamples(ref writer, value);
                break;
            case ActivityStateEntryKind.Evicted:
                writer.Int64(value.StoppedAtMs);
                break;
        }
        if (writer.Position != size)
        {
            throw new InvalidOperationException($"activity-state entry measured {size} bytes but wrote {writer.Position}");
        }
        return bytes;
    }

    public ActivityStateEntry Deserialize(byte[]? data, string topic, int partition, long offset)
    {
        if (data is null || data.Length == 0)
        {
            throw new RecordDecodeException(topic, partition, offset, "empty activity-state entry");
        }
        try
        {
            var reader = new Reader(data);
            return (ActivityStateEntryKind)reader.Byte() switch
            {
                ActivityStateEntryKind.Lifecycle => ReadLifecycle(ref reader),
                ActivityStateEntryKind.Samples => ReadSamples(ref reader),
                ActivityStateEntryKind.Evicted => ActivityStateEntry.Evicted(reader.Int64()),
                var kind => throw new RecordDecodeException(topic, partition, offset, $"unknown activity-state entry kind {kind}"),
            };
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException)
        {
            throw new RecordDecodeException(topic, partition, offset, "truncated activity-state entry: " + e.Message);
        }
    }

    private static int Measure(ActivityStateEntry value)
    {
        var size = 1;
        switch (value.Kind)
        {
            case ActivityStateEntryKind.Lifecycle:
                size++;
                if (value.Info is { } info)
                {
                    size += StringSize(info.UserId) + 1 + 8 + StringSize(info.RaceId) + StringSize(info.Country);
                    if (IsManual(info))
                    {
                        var manual = info.Manual?.CalculateSize() ?? 0;
                        size += StringSize(info.WireSport) + VarintSize((ulong)manual) + manual;
                    }
                }
                var events = value.Lifecycle.Count();
                size += VarintSize((ulong)events) + events * 9;
                break;
            case ActivityStateEntryKind.Samples:
                size += 8;
                var points = value.Points;
                size += VarintSize((ulong)points.Length);
                var previous = default(TrackSample);
                foreach (ref readonly var p in points)
                {
                    size += VarintSize((ulong)(p.TimeMs - value.ChunkStartMs)) + 1
                        + VarintSize(Xor(p.Lat, previous.Lat)) + VarintSize(Xor(p.Lon, previous.Lon))
                        + (p.Ele is null || p.Ele == previous.Ele ? 0 : 8) + (p.Acc is null || p.Acc == previous.Acc ? 0 : 8);
                    previous = p;
                }
                var heartRates = value.HeartRates;
                size += VarintSize((ulong)heartRates.Length);
                foreach (ref readonly var h in heartRates)
                {
                    size += VarintSize((ulong)(h.TimeMs - value.ChunkStartMs)) + VarintSize((ulong)h.Bpm);
                }
                break;
            case ActivityStateEntryKind.Evicted:
                size += 8;
                break;
        }
        return size;
    }

    private static void WriteLifecycle(ref Writer writer, ActivityStateEntry value)
    {
        if (value.Info is { } info)
        {
            var manual = IsManual(info);
            writer.Byte(manual ? (byte)2 : (byte)1);
            writer.String(info.UserId);
            writer.Byte((byte)info.Sport);
            writer.Int64(info.StartedAtMs);
            writer.String(info.RaceId);
            writer.String(info.Country);
            if (manual)
            {
                // Entries of version 1 (before manual activities) have no tail: they read as they were written.
                writer.String(info.WireSport);
                writer.Bytes(info.Manual?.ToByteArray() ?? []);
            }
        }
        else
        {
            writer.Byte(0);
        }
        writer.Varint((ulong)value.Lifecycle.Count());
        foreach (var (time, kind) in value.Lifecycle)
        {
            writer.Int64(time);
            writer.Byte((byte)kind);
        }
    }

    private static void WriteSamples(ref Writer writer, ActivityStateEntry value)
    {
        writer.Int64(value.ChunkStartMs);
        var points = value.Points;
        writer.Varint((ulong)points.Length);
        var previous = default(TrackSample);
        foreach (ref readonly var p in points)
        {
            writer.Varint((ulong)(p.TimeMs - value.ChunkStartMs));
            var sameEle = p.Ele is not null && p.Ele == previous.Ele;
            var sameAcc = p.Acc is not null && p.Acc == previous.Acc;
            writer.Byte((byte)((p.Ele is null ? 0 : HasEle) | (p.Acc is null ? 0 : HasAcc) | (sameEle ? SameEle : 0) | (sameAcc ? SameAcc : 0)));
            writer.Varint(Xor(p.Lat, previous.Lat));
            writer.Varint(Xor(p.Lon, previous.Lon));
            if (p.Ele is double ele && !sameEle)
            {
                writer.Double(ele);
            }
            if (p.Acc is double acc && !sameAcc)
            {
                writer.Double(acc);
            }
            previous = p;
        }
        var heartRates = value.HeartRates;
        writer.Varint((ulong)heartRates.Length);
        foreach (ref readonly var h in heartRates)
        {
            writer.Varint((ulong)(h.TimeMs - value.ChunkStartMs));
            writer.Varint((ulong)h.Bpm);
        }
    }

    private static ActivityStateEntry ReadLifecycle(ref Reader reader)
    {
        ActivityInfo? info = null;
        var hasInfo = reader.Byte();
        if (hasInfo is 1 or 2)
        {
            var user = reader.String();
            var sport = (Sport)reader.Byte();
            var startedAt = reader.Int64();
            info = new ActivityInfo(user, sport, startedAt, reader.String(), reader.String());
            if (hasInfo == 2)
            {
                var name = reader.String();
                var manual = reader.Bytes();
                info = info with
                {
                    SportName = name == sport.ToWireName() ? null : name,
                    Manual = manual.Length == 0 ? null : Splitstream.Schemas.V1.ManualEntry.Parser.ParseFrom(manual),
                };
            }
        }
        var count = (int)reader.Varint();
        var events = new (long, LifecycleKind)[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = (reader.Int64(), (LifecycleKind)reader.Byte());
        }
        return ActivityStateEntry.RestoredLifecycleOf(info, events);
    }

    private static ActivityStateEntry ReadSamples(ref Reader reader)
    {
        var start = reader.Int64();
        var points = new TrackSample[(int)reader.Varint()];
        var previous = default(TrackSample);
        for (var i = 0; i < points.Length; i++)
        {
            var time = start + (long)reader.Varint();
            var flags = reader.Byte();
            var lat = Unxor(reader.Varint(), previous.Lat);
            var lon = Unxor(reader.Varint(), previous.Lon);
            double? ele = (flags & HasEle) == 0 ? null : (flags & SameEle) != 0 ? previous.Ele : reader.Double();
            double? acc = (flags & HasAcc) == 0 ? null : (flags & SameAcc) != 0 ? previous.Acc : reader.Double();
            points[i] = previous = new TrackSample(time, lat, lon, ele, acc);
        }
        var heartRates = new HeartRateSample[(int)reader.Varint()];
        for (var i = 0; i < heartRates.Length; i++)
        {
            heartRates[i] = new HeartRateSample(start + (long)reader.Varint(), (int)reader.Varint());
        }
        return ActivityStateEntry.RestoredSamplesOf(start, points, heartRates);
    }

    /// <summary>
    /// A coordinate as the XOR of its bits with the previous point's: neighbouring fixes share sign, exponent and the
    /// high mantissa bits, so the varint of the XOR takes about 5 bytes instead of 8, losslessly.
    /// </summary>
    private static ulong Xor(double value, double previous) =>
        (ulong)(BitConverter.DoubleToInt64Bits(value) ^ BitConverter.DoubleToInt64Bits(previous));

    private static double Unxor(ulong xor, double previous) =>
        BitConverter.Int64BitsToDouble((long)xor ^ BitConverter.DoubleToInt64Bits(previous));

    private static bool IsManual(ActivityInfo info) => info.Manual is not null || info.SportName is not null;

    private static int StringSize(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarintSize((ulong)length) + length;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> buffer = buffer;

        public int Position { get; private set; }

        public void Byte(byte value) => buffer[Position++] = value;

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer[Position..], value);
            Position += 8;
        }

        public void Double(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer[Position..], value);
            Position += 8;
        }

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                buffer[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }
            buffer[Position++] = (byte)value;
        }

        public void String(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            Varint((ulong)length);
            Position += Encoding.UTF8.GetBytes(value, buffer[Position..]);
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            Varint((ulong)value.Length);
            value.CopyTo(buffer[Position..]);
            Position += value.Length;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int position;

        public byte Byte() => data[position++];

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(data[position..]);
            position += 8;
            return value;
        }

        public double Double()
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(data[position..]);
            position += 8;
            return value;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
            throw new ArgumentException("varint longer than 64 bits");
        }

        public string String()
        {
            var length = (int)Varint();
            var value = Encoding.UTF8.GetString(data.Slice(position, length));
            position += length;
            return value;
        }

        public byte[] Bytes()
        {
            var length = checked((int)Varint());
            var value = data.Slice(position, length).ToArray();
            position += length;
            return value;
        }
    }
}
