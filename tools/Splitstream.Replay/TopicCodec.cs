using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Replay;

/// <summary>
/// Which Protobuf message a topic carries (DESIGN §2), also for a re-run's suffixed copies such as
/// <c>activity.summary.v1.rule-b</c>, and decoding of its Confluent wire-format values without a registry round trip.
/// </summary>
public static class TopicCodec
{
    private static readonly (string Topic, MessageParser Parser)[] Known =
    [
        (Topics.ActivityEvents, ActivityEvent.Parser),
        (Topics.Gps, GpsBatch.Parser),
        (Topics.HeartRate, HeartRateBatch.Parser),
        (Topics.ActivityMetrics, WindowMetrics.Parser),
        (Topics.ActivitySummary, ActivitySummary.Parser),
        (Topics.Leaderboards, Leaderboard.Parser),
        (Topics.RaceStandings, RaceStandings.Parser),
    ];

    /// <summary>The topic of DESIGN §2 a topic name is, or is a suffixed copy of; null for any other topic.</summary>
    public static string? BaseTopic(string topic) =>
        Known.Select(k => k.Topic).FirstOrDefault(t => topic == t || topic.StartsWith(t + ".", StringComparison.Ordinal));

    public static MessageParser? ParserFor(string topic) =>
        BaseTopic(topic) is { } name ? Known.Single(k => k.Topic == name).Parser : null;

    /// <summary>The decoded value, or null with the reason when the topic is unknown or the value is not a valid record.</summary>
    public static IMessage? TryDecode(string topic, byte[]? value, out string? error)
    {
        error = null;
        if (ParserFor(topic) is not { } parser)
        {
            error = "no known message type for this topic";
            return null;
        }
        if (value is null)
        {
            error = "tombstone";
            return null;
        }
        try
        {
            var header = ConfluentWireFormat.ReadHeader(value);
            return parser.ParseFrom(value.AsSpan(header.PayloadOffset).ToArray());
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            error = e.Message;
            return null;
        }
    }
}
