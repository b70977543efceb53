namespace Splitstream.Store;

/// <summary>One inbox entry (table <c>notifications</c>, migration 9); <see cref="Payload"/> is the event's JSON as webhooks get it.</summary>
public sealed record NotificationRecord(
    string NotificationId, string UserId, string Type, long OccurredAtMs, string PeriodKey, string Payload, long CreatedAtMs,
    long? ReadAtMs = null);
