using System.Security.Cryptography;
using System.Text;
using Splitstream.Store;

namespace Splitstream.Processors.Notifications;

/// <summary>How delivery jobs are named and scheduled: stable ids, exponential back-off with jitter, the dead-line.</summary>
public static class WebhookDeliveries
{
    /// <summary>The <c>webhook-id</c> of one event to one endpoint: the same on every attempt and every replay.</summary>
    public static string DeliveryId(string endpointId, string notificationId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpointId}\n{notificationId}")).AsSpan(0, 16));

    public static WebhookDelivery NewJob(string endpointId, string notificationId, string type, string payload, long nowMs, TimeSpan retryWindow) =>
        new(DeliveryId(endpointId, notificationId), endpointId, 0, notificationId, type, payload, WebhookDelivery.Pending, 0, nowMs, nowMs,
            nowMs + (long)retryWindow.TotalMilliseconds);

    /// <summary>The delay before retry number <paramref name="failures"/>: initial × 2^(failures−1), capped, times a random 0.5–1.0 (jitter).</summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }
}
