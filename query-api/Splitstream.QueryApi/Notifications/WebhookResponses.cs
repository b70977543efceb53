namespace Splitstream.QueryApi.Notifications;

/// <summary>A webhook endpoint; the secret only in the answer to its creation.</summary>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> Events, string UserId, string Status, DateTimeOffset CreatedAt, string? Secret = null);
