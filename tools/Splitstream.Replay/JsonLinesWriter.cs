using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Google.Protobuf;

namespace Splitstream.Replay;

/// <summary>
/// One line per record: <c>{"topic","partition","offset","timestamp_ms","key","headers"?,"value"}</c>, the value decoded
/// from Protobuf to its JSON mapping (field names as in the .proto, defaults included). A value that can't be decoded is
/// written as <c>"value_base64"</c> with <c>"decode_error"</c>, so dead letters can be exported too.
/// </summary>
public sealed class JsonLinesWriter(Stream output)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));
    private readonly Utf8JsonWriter writer = new(output, new JsonWriterOptions { SkipValidation = false });

    public long Undecodable { get; private set; }

    public async Task WriteAsync(ConsumeResult<byte[], byte[]> record)
    {
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("topic", record.Topic);
        writer.WriteNumber("partition", record.Partition.Value);
        writer.WriteNumber("offset", record.Offset.Value);
        writer.WriteNumber("timestamp_ms", record.Message.Timestamp.UnixTimestampMs);
        if (record.Message.Key is { } key)
        {
            writer.WriteString("key", Encoding.UTF8.GetString(key));
        }
        else
        {
            writer.WriteNull("key");
        }
        if (record.Message.Headers is { Count: > 0 } headers)
        {
            writer.WriteStartObject("headers");
            foreach (var header in headers)
            {
                writer.WriteString(header.Key, Encoding.UTF8.GetString(header.GetValueBytes() ?? []));
            }
            writer.WriteEndObject();
        }
        if (TopicCodec.TryDecode(record.Topic, record.Message.Value, out var error) is { } message)
        {
            writer.WritePropertyName("value");
            writer.WriteRawValue(Formatter.Format(message), skipInputValidation: true);
        }
        else
        {
            Undecodable++;
            writer.WriteString("value_base64", record.Message.Value is { } v ? Convert.ToBase64String(v) : null);
            writer.WriteString("decode_error", error);
        }
        writer.WriteEndObject();
        await writer.FlushAsync();
        output.WriteByte((byte)'\n');
    }
}
