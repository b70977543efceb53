using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;
using Splitstream.Store;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Delivers the due jobs of the endpoints this instance owns (<see cref="EndpointOwnership"/>). Each endpoint has one
/// worker and at most one request in flight, taking its deliveries oldest first (a later one waits behind a failing
/// one: order per endpoint, hence per key); endpoints never wait for each other beyond the global request limit. An
/// attempt's outcome is written to the store before the next one: a failure schedules a retry with exponential back-off
/// and jitter, and a failure after the delivery's 24 h window dead-letters it. Stopped or killed mid-request, nothing
/// is recorded and the job stays due: the next owner sends it again with the same <c>webhook-id</c>.
/// </summary>
public sealed class WebhookDispatcher(
    IWebhookStore store, WebhookSender sender, EndpointOwnership ownership, IOptions<NotificationOptions> options, TimeProvider time,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    private readonly NotificationOptions settings = options.Value;
    private readonly SemaphoreSlim requests = new(options.Value.MaxConcurrentRequests);
    private readonly ConcurrentDictionary<string, Task> workers = new();
    private long attempts;

    /// <summary>Attempts made (metrics and tests).</summary>
    public long Attempts => Interlocked.Read(ref attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.DueDeliveriesAsync(Now, 1024, null, stoppingToken);
                foreach (var delivery in due.Where(d => ownership.Owns(d.EndpointId) && !workers.ContainsKey(d.EndpointId)))
                {
                    var endpointId = delivery.EndpointId;
                    // Registered before it starts: a worker started first could end (its one due delivery failed, the
                    // retry not yet due) and remove its entry before this thread added it, and the completed task left
                    // in the map would hold the endpoint idle for good. ci43 saw an endpoint with no delivery for 90 s.
                    var worker = new Task<Task>(async () =>
                    {
                        try
                        {
                            await RunEndpointAsync(delivery, stoppingToken);
                        }
                        finally
                        {
                            workers.TryRemove(endpointId, out _);
                        }
                    });
                    workers[endpointId] = worker.Unwrap();
                    worker.Start(TaskScheduler.Default);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "webhook dispatcher: reading due deliveries failed, retrying");
            }
            try
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(workers.Values);
    }

    private async Task RunEndpointAsync(WebhookDelivery first, CancellationToken stoppingToken)
    {
        try
        {
            for (WebhookDelivery? next = first; next is not null && ownership.Owns(next.EndpointId);)
            {
                await DeliverAsync(next, stoppingToken);
                // Straight on with the endpoint's next due delivery, rather than one per poll.
                next = (await store.DueDeliveriesAsync(Now, 1, next.EndpointId, stoppingToken)).FirstOrDefault();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the job in flight was not recorded and stays due.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "webhook {Endpoint}: delivery failed unexpectedly; it stays due", first.EndpointId);
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var endpoint = await store.GetWebhookAsync(delivery.EndpointId, stoppingToken);
        if (endpoint is null || endpoint.Status == WebhookEndpoint.Disabled)
        {
            await store.RecordAttemptAsync(new WebhookAttempt(delivery.DeliveryId, WebhookDelivery.Dead, Now, Now, null, "endpoint disabled"), stoppingToken);
            return;
        }
        WebhookSendResult result;
        await requests.WaitAsync(stoppingToken);
        try
        {
            Interlocked.Increment(ref attempts);
            result = await sender.SendAsync(endpoint, delivery, stoppingToken);
        }
        finally
        {
            requests.Release();
        }
        var now = Now;
        if (result.Accepted)
        {
            await store.RecordAttemptAsync(new WebhookAttempt(delivery.DeliveryId, WebhookDelivery.Delivered, now, now, result.StatusCode, null), stoppingToken);
            Delivered("delivered");
            if (delivery.Type == NotificationTypes.WebhookVerification && endpoint.Status == WebhookEndpoint.Verifying)
            {
                await store.SetWebhookStatusAsync(endpoint.EndpointId, WebhookEndpoint.Active, stoppingToken);
                log.LogInformation("webhook {Endpoint}: verified, active", endpoint.EndpointId);
            }
            return;
        }
        var retryAt = now + (long)WebhookDeliveries.RetryDelay(delivery.Attempts + 1, settings.InitialRetryDelay, settings.MaxRetryDelay).TotalMilliseconds;
        var dead = retryAt > delivery.DeadlineMs;
        await store.RecordAttemptAsync(new WebhookAttempt(delivery.DeliveryId, dead ? WebhookDelivery.Dead : WebhookDelivery.Pending, now, retryAt,
            result.StatusCode, result.Error), stoppingToken);
        Delivered(dead ? "dead" : "failed");
        // The endpoint id names the hook in logs; its URL (which may carry a token) and its secret never appear.
        log.LogInformation("webhook {Endpoint}: delivery {Delivery} attempt {Attempt} failed ({Error}); {Next}", endpoint.EndpointId,
            delivery.DeliveryId, delivery.Attempts + 1, result.Error, dead ? "dead-lettered" : $"retry at {NotificationJson.Rfc3339(retryAt)}");
        if (dead && delivery.Type == NotificationTypes.WebhookVerification)
        {
            await store.SetWebhookStatusAsync(endpoint.EndpointId, WebhookEndpoint.Disabled, stoppingToken);
        }
    }

    private static void Delivered(string outcome) =>
        SplitstreamTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public override void Dispose()
    {
        requests.Dispose();
        base.Dispose();
    }
}
