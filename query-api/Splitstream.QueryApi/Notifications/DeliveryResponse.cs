namespace Splitstream.QueryApi.Notifications;

/// <summary>One entry of a webhook's delivery log: its <c>webhook-id</c>, state, attempts and the last outcome.</summary>
public sealed record DeliveryResponse(
    string Id, string NotificationId, string Type, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset RetryUntil)
{
    public static DeliveryResponse From(Store.WebhookDelivery d) => new(d.DeliveryId, d.NotificationId, d.Type, d.Status, d.Attempts,
        Time(d.CreatedAtMs), d.Status == Store.WebhookDelivery.Pending ? Time(d.NextAttemptAtMs) : null,
        d.LastAttemptAtMs is { } last ? Time(last) : null, d.LastStatusCode, d.LastError, d.DeliveredAtMs is { } at ? Time(at) : null,
        Time(d.DeadlineMs));

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
