using System.Text.Json;

namespace Splitstream.QueryApi.Notifications;

/// <summary>One inbox entry: the event's JSON (as webhooks carry it) under <c>payload</c>, and when the user read it.</summary>
public sealed record NotificationResponse(
    string Id, string Type, string UserId, DateTimeOffset OccurredAt, string PeriodKey, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    JsonElement Payload);
