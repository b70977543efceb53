namespace Splitstream.Processors.Notifications;

/// <summary>The outcome of one request: accepted (2xx), the status code when there was a response, and why it failed.</summary>
public sealed record WebhookSendResult(bool Accepted, int? StatusCode, string? Error);
