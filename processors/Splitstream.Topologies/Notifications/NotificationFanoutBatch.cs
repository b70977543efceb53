using System.Text;
using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// notifications.v1 → the inbox and one delivery job per subscribed webhook endpoint, both idempotent keyed inserts
/// (notification id; endpoint + notification id), so a re-read record adds nothing. The sink commits the offsets only
/// after both are in the store: from then on the job, not the record, carries the delivery (durable retry state).
/// </summary>
public sealed class NotificationFanoutBatch(
    INotificationStore inbox, IWebhookStore webhooks, ISchemaRegistry registry, NotificationOptions options, TimeProvider time) : ISinkBatch
{
    private readonly ProtobufDeserializer<Notification> deserializer = new(registry, Notification.Parser);
    private readonly List<Notification> notifications = [];
    private int count;

    public bool IsEmpty => count == 0;

    public bool IsFull => count >= options.FanoutBatchRecords;

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        count++;
        var notification = deserializer.Deserialize(record);
        if (notification.NotificationId.Length == 0 || notification.UserId.Length == 0)
        {
            throw new RecordDecodeException(record.Topic, record.Partition.Value, record.Offset.Value, "notification lacks notification_id or user_id");
        }
        notifications.Add(notification);
    }

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rendered = notifications.Select(n => (Notification: n, Type: NotificationTypes.Of(n), Payload: NotificationJson.Render(n))).ToList();
        await inbox.AddNotificationsAsync([.. rendered.Select(r => new NotificationRecord(r.Notification.NotificationId, r.Notification.UserId,
            r.Type, r.Notification.OccurredAtMs, r.Notification.PeriodKey, r.Payload, now))], cancellationToken);
        var endpointsByUser = new Dictionary<string, IReadOnlyList<WebhookEndpoint>>();
        var jobs = new List<WebhookDelivery>();
        foreach (var (notification, type, payload) in rendered)
        {
            if (!endpointsByUser.TryGetValue(notification.UserId, out var endpoints))
            {
                endpoints = await webhooks.WebhooksForUserAsync(notification.UserId, cancellationToken);
                endpointsByUser[notification.UserId] = endpoints;
            }
            foreach (var endpoint in endpoints.Where(e => e.Wants(type)))
            {
                var job = WebhookDeliveries.NewJob(endpoint.EndpointId, notification.NotificationId, type, payload, now, options.RetryWindow);
                if (Encoding.UTF8.GetByteCount(payload) > options.MaxPayloadBytes)
                {
                    // Never sent: dead-lettered at once, with the reason in the delivery log.
                    job = job with
                    {
                        Status = WebhookDelivery.Dead, LastError = $"payload exceeds Notifications:MaxPayloadBytes ({options.MaxPayloadBytes})",
                        Payload = "{}",
                    };
                }
                jobs.Add(job);
            }
        }
        await webhooks.EnqueueDeliveriesAsync(jobs, cancellationToken);
    }

    public void Clear()
    {
        notifications.Clear();
        count = 0;
    }
}
