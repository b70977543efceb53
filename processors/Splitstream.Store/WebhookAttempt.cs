namespace Splitstream.Store;

/// <summary>The outcome of one delivery attempt: the delivery's new status and, while pending, when to try again.</summary>
public sealed record WebhookAttempt(string DeliveryId, string Status, long AttemptAtMs, long NextAttemptAtMs, int? StatusCode, string? Error);
