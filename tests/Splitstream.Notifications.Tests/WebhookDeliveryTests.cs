using Splitstream.Processors.Notifications;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_event_reaches_a_receiver_that_fails_then_goes_down_then_recovers_exactly_once_in_order_with_valid_signatures()
    {
        await using var rig = new DeliveryRig();
        var secret = WebhookSignature.NewSecret();
        await using var receiver = new WebhookReceiver(secret) { FailNext = 3 };
        await receiver.StartAsync();
        var endpoint = await DeliveryRig.SubscribeAsync(rig.Store, "runner", receiver.Url, secret);
        await rig.StartAsync();

        await rig.PublishAsync(Enumerable.Range(1, 10).Select(i => DeliveryRig.Finished("runner", i)));
        await Eventually.TrueAsync(() => receiver.Accepted.Count >= 4, () => $"{receiver.Accepted.Count} accepted", Patience);
        await receiver.StopAsync();
        // While it is down: more events, and the failing attempts keep being scheduled.
        await rig.PublishAsync(Enumerable.Range(11, 10).Select(i => DeliveryRig.Finished("runner", i)));
        await Eventually.TrueAsync(async () => (await rig.Store.ListDeliveriesAsync(endpoint.EndpointId, 100, null)).Any(d => d.LastError is not null && d.Attempts >= 2),
            () => "no failed attempt recorded while the receiver was down", Patience);
        await receiver.StartAsync();

        var expected = new[] { WebhooksApiIds.Verification(endpoint) }
            .Concat(Enumerable.Range(1, 20).Select(i => WebhookDeliveries.DeliveryId(endpoint.EndpointId, DeliveryRig.Finished("runner", i).NotificationId)))
            .ToList();
        await Eventually.TrueAsync(() => receiver.Accepted.Count >= expected.Count, () => $"{receiver.Accepted.Count} of {expected.Count} accepted", Patience);

        Assert.Equal(expected, receiver.Accepted); // each exactly once, in the order the events were published
        Assert.Equal(0, receiver.BadSignatures);
        // The receiver has the last request before the dispatcher records its 2xx (ci24 read it still pending).
        await Eventually.TrueAsync(async () => (await rig.Store.ListDeliveriesAsync(endpoint.EndpointId, 100, null)).All(d => d.Status == WebhookDelivery.Delivered),
            () => "deliveries not all recorded delivered", Patience);
        var log = await rig.Store.ListDeliveriesAsync(endpoint.EndpointId, 100, null);
        Assert.Equal(expected.Count, log.Count);
        Assert.All(log, d => Assert.Equal(WebhookDelivery.Delivered, d.Status));
        Assert.Contains(log, d => d.Attempts > 1);
        Assert.Equal(WebhookEndpoint.Active, (await rig.Store.GetWebhookAsync(endpoint.EndpointId))!.Status);
        Assert.Equal(20, (await rig.Store.ListNotificationsAsync("runner", false, 100, null)).Count);
    }

    [Fact]
    public async Task A_slow_receiver_does_not_hold_up_a_fast_one()
    {
        await using var rig = new DeliveryRig();
        var secret = WebhookSignature.NewSecret();
        await using var slow = new WebhookReceiver(secret) { Delay = TimeSpan.FromSeconds(3) };
        await using var fast = new WebhookReceiver(secret);
        await slow.StartAsync();
        await fast.StartAsync();
        await DeliveryRig.SubscribeAsync(rig.Store, "both", slow.Url, secret);
        await DeliveryRig.SubscribeAsync(rig.Store, "both", fast.Url, secret);
        await rig.StartAsync();

        await rig.PublishAsync(Enumerable.Range(1, 8).Select(i => DeliveryRig.Finished("both", i)));
        await Eventually.TrueAsync(() => fast.Accepted.Count == 9, () => $"fast receiver accepted {fast.Accepted.Count} of 9", Patience);

        // The slow one (3 s per request, one request at a time) is far from done when the fast one has everything.
        Assert.True(slow.Accepted.Count < 9, $"slow receiver accepted {slow.Accepted.Count}");
        await Eventually.TrueAsync(() => slow.Accepted.Count == 9, () => $"slow receiver accepted {slow.Accepted.Count} of 9", TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task A_delivery_still_failing_after_its_retry_window_is_dead_lettered_and_a_manual_retry_delivers_it_with_the_same_id()
    {
        await using var rig = new DeliveryRig(new NotificationOptions
        {
            AllowPrivateTargets = true, InitialRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(300),
            PollInterval = TimeSpan.FromMilliseconds(50), RetryWindow = TimeSpan.FromSeconds(2),
        });
        var secret = WebhookSignature.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var endpoint = await DeliveryRig.SubscribeAsync(rig.Store, "dl", receiver.Url, secret);
        await rig.StartAsync();
        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, () => "verification not accepted", Patience);
        receiver.Broken = true;

        var notification = DeliveryRig.Finished("dl", 1);
        await rig.PublishAsync([notification]);
        var id = WebhookDeliveries.DeliveryId(endpoint.EndpointId, notification.NotificationId);
        WebhookDelivery? dead = null;
        await Eventually.TrueAsync(async () => (dead = (await rig.Store.ListDeliveriesAsync(endpoint.EndpointId, 10, null)).Single(d => d.DeliveryId == id))
            .Status == WebhookDelivery.Dead, () => $"delivery is {dead?.Status} after {dead?.Attempts} attempts", Patience);
        Assert.True(dead!.Attempts > 1);
        Assert.Equal(500, dead.LastStatusCode);

        receiver.Broken = false;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(await rig.Store.RetryDeliveryAsync(endpoint.EndpointId, id, now, now + 60_000));
        await Eventually.TrueAsync(() => receiver.HasAccepted(id), () => "the retried delivery was not accepted", Patience);
    }
}
