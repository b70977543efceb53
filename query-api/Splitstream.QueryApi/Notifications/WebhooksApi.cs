using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Notifications;

/// <summary>
/// Webhook subscriptions (DESIGN §9). A user subscribes to their own events, an admin to anyone's (<c>user_id</c>, or
/// <c>*</c> for all). A new endpoint is <c>verifying</c>: its first delivery is a signed <c>webhook.verification</c>
/// event, and it becomes <c>active</c> once the receiver answered it with 2xx (events queue behind it meanwhile; if it
/// is never accepted within the retry window the endpoint is <c>disabled</c>). Deliveries are made by the processors
/// (their webhook dispatcher); this API keeps the subscriptions, the delivery log and manual redelivery. Only the
/// endpoint's owner and admins see an endpoint; to anyone else it does not exist (404). Devices may not subscribe.
/// </summary>
public static class WebhooksApi
{
    public const int MaxEvents = 16;

    public static RouteGroupBuilder MapWebhooksApiV1(this RouteGroupBuilder v1)
    {
        var hooks = v1.MapGroup("/webhooks").WithTags("webhooks").RequireAuthorization(Policies.Member);
        hooks.MapPost("/", Create).WithName("CreateWebhook");
        hooks.MapGet("/", List).WithName("ListWebhooks");
        hooks.MapGet("/{id}", Get).WithName("GetWebhook");
        hooks.MapDelete("/{id}", Disable).WithName("DisableWebhook");
        hooks.MapGet("/{id}/deliveries", Deliveries).WithName("GetWebhookDeliveries");
        hooks.MapPost("/{id}/deliveries/{delivery}/retry", Retry).WithName("RetryWebhookDelivery");
        return hooks;
    }

    public static async Task<Results<Created<WebhookResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateWebhookRequest request, ClaimsPrincipal viewer, IWebhookStore store, IConfiguration configuration, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (viewer.Role() == Roles.Device)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "device tokens may not subscribe to webhooks");
        }
        var caller = viewer.UserId();
        var target = string.IsNullOrEmpty(request.UserId) ? caller : request.UserId;
        if (target != caller && viewer.Role() != Roles.Admin)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "user_id: only admins may subscribe to another user's events");
        }
        if (Validate(request, configuration.GetValue("Notifications:AllowPrivateTargets", false)) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var id = "wh_" + Guid.NewGuid().ToString("N");
        var secret = request.Secret ?? WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint(id, caller, target!, request.Url!, [.. request.Events!.Distinct(StringComparer.Ordinal)], secret,
            WebhookEndpoint.Verifying, now);
        var verificationId = $"webhook-verification:{id}";
        var payload = new JsonObject
        {
            ["id"] = verificationId,
            ["type"] = NotificationTypes.WebhookVerification,
            ["timestamp"] = NotificationJson.Rfc3339(now),
            ["user_id"] = target,
            ["period_key"] = id,
            ["data"] = new JsonObject { ["endpoint_id"] = id, ["challenge"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) },
        }.ToJsonString();
        var retryWindow = configuration.GetValue("Notifications:RetryWindow", TimeSpan.FromHours(24));
        var verification = new WebhookDelivery(VerificationDeliveryId(id), id, 0, verificationId, NotificationTypes.WebhookVerification, payload,
            WebhookDelivery.Pending, 0, now, now, now + (long)retryWindow.TotalMilliseconds);
        await store.CreateWebhookAsync(endpoint, verification, cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{id}", ToResponse(endpoint) with { Secret = secret });
    }

    public static async Task<Ok<WebhookListResponse>> List(ClaimsPrincipal viewer, IWebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookListResponse([.. (await store.ListWebhooksAsync(viewer.UserId(), cancellationToken)).Select(ToResponse)]));

    public static async Task<Results<Ok<WebhookResponse>, NotFound>> Get(string id, ClaimsPrincipal viewer, IWebhookStore store, CancellationToken cancellationToken) =>
        await VisibleAsync(id, viewer, store, cancellationToken) is { } endpoint ? TypedResults.Ok(ToResponse(endpoint)) : TypedResults.NotFound();

    /// <summary>DELETE: the endpoint is disabled (kept with its delivery log); its pending deliveries are dead-lettered as they come due.</summary>
    public static async Task<Results<NoContent, NotFound>> Disable(string id, ClaimsPrincipal viewer, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(id, viewer, store, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        await store.SetWebhookStatusAsync(id, WebhookEndpoint.Disabled, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<DeliveryPageResponse>, NotFound, ValidationProblem>> Deliveries(
        string id, int? limit, long? before, ClaimsPrincipal viewer, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(id, viewer, store, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        if (limit is < 1 or > NotificationsApi.MaxLimit)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("limit", $"must be between 1 and {NotificationsApi.MaxLimit}"));
        }
        var take = limit ?? NotificationsApi.DefaultLimit;
        var page = await store.ListDeliveriesAsync(id, take + 1, before, cancellationToken);
        var shown = page.Take(take).ToList();
        return TypedResults.Ok(new DeliveryPageResponse([.. shown.Select(DeliveryResponse.From)],
            page.Count > take ? shown[^1].Seq.ToString(CultureInfo.InvariantCulture) : null));
    }

    /// <summary>Manual redelivery: the delivery (delivered, dead or pending) is due again now, with the same webhook-id and a new 24 h window.</summary>
    public static async Task<Results<Accepted<DeliveryResponse>, NotFound>> Retry(
        string id, string delivery, ClaimsPrincipal viewer, IWebhookStore store, IConfiguration configuration, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await VisibleAsync(id, viewer, store, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = configuration.GetValue("Notifications:RetryWindow", TimeSpan.FromHours(24));
        if (!await store.RetryDeliveryAsync(id, delivery, now, now + (long)window.TotalMilliseconds, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var log = await store.ListDeliveriesAsync(id, NotificationsApi.MaxLimit, null, cancellationToken);
        var retried = log.FirstOrDefault(d => d.DeliveryId == delivery);
        return retried is null ? TypedResults.NotFound() : TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", DeliveryResponse.From(retried));
    }

    /// <summary>The problems of a subscription request by field, or null when it is valid.</summary>
    public static Dictionary<string, string[]>? Validate(CreateWebhookRequest request, bool allowPrivateTargets)
    {
        if (WebhookTargets.Problem(request.Url, allowPrivateTargets) is { } problem)
        {
            return QueryParameters.Error("url", problem);
        }
        if (request.Events is not { Count: > 0 and <= MaxEvents })
        {
            return QueryParameters.Error("events", $"must list 1 to {MaxEvents} event types");
        }
        if (request.Events.FirstOrDefault(e => e != "*" && !NotificationTypes.All.Contains(e)) is { } unknown)
        {
            return QueryParameters.Error("events", $"unknown event type '{unknown}'; one of {string.Join(", ", NotificationTypes.All)} or *");
        }
        if (request.Secret is not null && !WebhookSignature.IsValidSecret(request.Secret))
        {
            return QueryParameters.Error("secret", "must be whsec_ followed by the base64 of 24 to 64 random bytes");
        }
        return null;
    }

    public static string VerificationDeliveryId(string endpointId) => "msg_verify_" + endpointId;

    private static async Task<WebhookEndpoint?> VisibleAsync(string id, ClaimsPrincipal viewer, IWebhookStore store, CancellationToken cancellationToken) =>
        await store.GetWebhookAsync(id, cancellationToken) is { } endpoint && (endpoint.OwnerId == viewer.UserId() || viewer.Role() == Roles.Admin)
            ? endpoint
            : null;

    private static WebhookResponse ToResponse(WebhookEndpoint e) =>
        new(e.EndpointId, e.Url, e.Events, e.UserFilter, e.Status, DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAtMs));
}
