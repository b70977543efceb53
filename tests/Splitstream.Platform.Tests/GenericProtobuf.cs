using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Splitstream.Platform.Tests;

/// <summary>
/// Decodes Protobuf bytes with nothing but a descriptor (no generated code): field name → values, nested messages as
/// dictionaries. Enough of the wire format for the contracts (varint, 64-bit, length-delimited, packed repeated scalars).
/// </summary>
internal static class GenericProtobuf
{
    public static Dictionary<string, List<object>> Decode(MessageDescriptor descriptor, byte[] bytes)
    {
        var result = new Dictionary<string, List<object>>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
            if (field is null)
            {
                input.SkipLastField();
                continue;
            }
            if (!result.TryGetValue(field.Name, out var values))
            {
                result[field.Name] = values = [];
            }
            var packed = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited
                && field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message);
            if (packed)
            {
                var inner = new CodedInputStream(input.ReadBytes().ToByteArray());
                while (!inner.IsAtEnd)
                {
                    values.Add(ReadScalar(inner, field.FieldType));
                }
                continue;
            }
            values.Add(field.FieldType switch
            {
                FieldType.String => input.ReadString(),
                FieldType.Bytes => input.ReadBytes().ToByteArray(),
                FieldType.Message => Decode(field.MessageType, input.ReadBytes().ToByteArray()),
                _ => ReadScalar(input, field.FieldType),
            });
        }
        return result;
    }

    private static object ReadScalar(CodedInputStream input, FieldType type) => type switch
    {
        FieldType.Double => input.ReadDouble(),
        FieldType.Float => input.ReadFloat(),
        FieldType.Int64 => input.ReadInt64(),
        FieldType.UInt64 => input.ReadUInt64(),
        FieldType.Int32 => input.ReadInt32(),
        FieldType.Fixed64 => input.ReadFixed64(),
        FieldType.Fixed32 => input.ReadFixed32(),
        FieldType.Bool => input.ReadBool(),
        FieldType.UInt32 => input.ReadUInt32(),
        FieldType.SFixed32 => input.ReadSFixed32(),
        FieldType.SFixed64 => input.ReadSFixed64(),
        FieldType.SInt32 => input.ReadSInt32(),
        FieldType.SInt64 => input.ReadSInt64(),
        FieldType.Enum => input.ReadEnum(),
        _ => throw new NotSupportedException($"field type {type}"),
    };
}
