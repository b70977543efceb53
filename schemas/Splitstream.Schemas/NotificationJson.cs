using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Splitstream.Schemas.V1;

namespace Splitstream.Schemas;

/// <summary>
/// The JSON of a notification as webhooks and the inbox carry it: <c>{"id","type","timestamp","user_id","period_key","data"}</c>
/// (the Standard Webhooks payload shape: type, timestamp, data). <c>data</c> is the typed payload with the .proto field
/// names; an <c>activity.finished</c> payload has its whole <see cref="ActivitySummary"/> expanded under <c>summary</c>.
/// </summary>
public static class NotificationJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    public static string Render(Notification notification) => Build(notification).ToJsonString();

    public static JsonObject Build(Notification notification) => new()
    {
        ["id"] = notification.NotificationId,
        ["type"] = NotificationTypes.Of(notification),
        ["timestamp"] = Rfc3339(notification.OccurredAtMs),
        ["user_id"] = notification.UserId,
        ["period_key"] = notification.PeriodKey,
        ["data"] = Data(notification),
    };

    /// <summary>An instant as RFC 3339 UTC with milliseconds.</summary>
    public static string Rfc3339(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? Data(Notification notification)
    {
        switch (notification.KindCase)
        {
            case Notification.KindOneofCase.ActivityFinished:
                var finished = notification.ActivityFinished;
                return new JsonObject
                {
                    ["activity_id"] = finished.ActivityId,
                    ["sport"] = finished.Sport,
                    ["summary"] = Message(ActivitySummary.Parser.ParseFrom(finished.Summary)),
                };
            case Notification.KindOneofCase.None:
                return new JsonObject();
            default:
                var field = Notification.Descriptor.Oneofs.Single(o => o.Name == "kind").Accessor.GetCaseFieldDescriptor(notification)!;
                return Message((IMessage)field.Accessor.GetValue(notification));
        }
    }

    private static JsonNode? Message(IMessage message) => JsonNode.Parse(Formatter.Format(message), documentOptions: new JsonDocumentOptions());
}
