namespace Splitstream.Store;

/// <summary>
/// One delivery job of one event to one endpoint (table <c>webhook_deliveries</c>): the durable retry state. Its id is
/// the <c>webhook-id</c> header, the same on every attempt. <see cref="Seq"/> orders an endpoint's deliveries.
/// </summary>
public sealed record WebhookDelivery(
    string DeliveryId, string EndpointId, long Seq, string NotificationId, string Type, string Payload, string Status, int Attempts,
    long CreatedAtMs, long NextAttemptAtMs, long DeadlineMs, long? LastAttemptAtMs = null, int? LastStatusCode = null,
    string? LastError = null, long? DeliveredAtMs = null)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
}
