namespace Splitstream.QueryApi.Notifications;

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks);
