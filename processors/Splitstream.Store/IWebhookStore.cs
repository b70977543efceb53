namespace Splitstream.Store;

/// <summary>Webhook endpoints and their delivery jobs (migration 9): the durable state of webhook delivery (DESIGN §9).</summary>
public interface IWebhookStore
{
    /// <summary>Saves a new endpoint and its first delivery (the verification ping) in one transaction.</summary>
    Task CreateWebhookAsync(WebhookEndpoint endpoint, WebhookDelivery verification, CancellationToken cancellationToken = default);

    Task<WebhookEndpoint?> GetWebhookAsync(string endpointId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookEndpoint>> ListWebhooksAsync(string ownerId, CancellationToken cancellationToken = default);

    Task<bool> SetWebhookStatusAsync(string endpointId, string status, CancellationToken cancellationToken = default);

    /// <summary>The endpoints that are not disabled and receive the events of <paramref name="userId"/> (theirs or everyone's).</summary>
    Task<IReadOnlyList<WebhookEndpoint>> WebhooksForUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Adds delivery jobs; a job whose id exists already is left as it is (a re-read notification adds nothing).</summary>
    Task<int> EnqueueDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>
    /// The oldest pending delivery of each endpoint, when it is due at <paramref name="nowMs"/>: an endpoint's later
    /// deliveries wait behind its oldest one, so one endpoint receives its events in order. Only that endpoint's when
    /// <paramref name="endpointId"/> is given.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> DueDeliveriesAsync(long nowMs, int limit, string? endpointId = null, CancellationToken cancellationToken = default);

    Task RecordAttemptAsync(WebhookAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>An endpoint's deliveries, newest first, before the sequence number <paramref name="beforeSeq"/> when given.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, long? beforeSeq, CancellationToken cancellationToken = default);

    /// <summary>Makes a delivery pending again, due now and with a new deadline (manual redelivery); false when it does not exist.</summary>
    Task<bool> RetryDeliveryAsync(string endpointId, string deliveryId, long nowMs, long deadlineMs, CancellationToken cancellationToken = default);
}
