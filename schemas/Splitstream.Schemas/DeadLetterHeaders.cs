using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Splitstream.Schemas;

/// <summary>
/// The headers of a record on the dead-letter topic (DESIGN §11), one set for every producer of dead letters (the
/// stream runtime and the sinks), in the spirit of Kafka Streams' ExceptionHandlerUtils: the record's own headers as
/// they came in (trace context included), then why it was dead-lettered and where it was read. Values are UTF-8 text;
/// partition and offset in invariant decimal.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>Why the record could not be handled, e.g. <c>decode: …</c> or <c>process: InvalidOperationException: …</c>.</summary>
    public const string Reason = "dlq.reason";

    /// <summary>The topic the record was read from.</summary>
    public const string SourceTopic = "dlq.source.topic";

    /// <summary>The partition the record was read from.</summary>
    public const string SourcePartition = "dlq.source.partition";

    /// <summary>The record's offset in its source partition.</summary>
    public const string SourceOffset = "dlq.source.offset";

    private const string Prefix = "dlq.";

    /// <summary>
    /// The dead letter's headers: <paramref name="original"/> (less any <c>dlq.*</c> headers of an earlier dead-lettering,
    /// so a record dead-lettered twice names its latest source once) followed by the four <c>dlq.*</c> headers.
    /// </summary>
    public static Headers Build(string reason, string sourceTopic, int sourcePartition, long sourceOffset, Headers? original = null)
    {
        var headers = new Headers();
        foreach (var header in original ?? [])
        {
            if (!header.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }
        headers.Add(Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(SourceTopic, Encoding.UTF8.GetBytes(sourceTopic));
        headers.Add(SourcePartition, Encoding.UTF8.GetBytes(sourcePartition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(SourceOffset, Encoding.UTF8.GetBytes(sourceOffset.ToString(CultureInfo.InvariantCulture)));
        return headers;
    }

    /// <summary>The text of one header of a dead letter, or null when it is absent.</summary>
    public static string? Read(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
