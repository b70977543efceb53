namespace Splitstream.QueryApi.Notifications;

/// <summary>
/// POST /v1/webhooks: the target URL, the event types (or <c>*</c>), an optional <c>whsec_</c> secret (generated
/// when absent) and, for admins, the user whose events it receives (<c>*</c> for everyone's; default the caller).
/// </summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret, string? UserId);
