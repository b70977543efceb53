using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Notifications;

/// <summary>
/// A user's inbox (DESIGN §9): the notifications of notifications.v1 as the processors stored them, newest first with
/// keyset paging; a route to mark one read; a Server-Sent Events stream of new ones; and the settings the reminders
/// follow (time zone, inactivity days, goal-at-risk threshold, weekly summary). Only the user themselves and admins
/// see any of it; to anyone else the inbox does not exist (404).
/// </summary>
public static class NotificationsApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxInactivityDays = 365;

    /// <summary>How often the live stream looks for new notifications, and how often it sends a heartbeat when there are none.</summary>
    public static TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapNotificationsApiV1(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("notifications").RequireAuthorization(Policies.Member);
        users.MapGet("/{user}/notifications", List).WithName("GetUserNotifications");
        users.MapPost("/{user}/notifications/{notification}/read", MarkRead).WithName("MarkNotificationRead");
        users.MapGet("/{user}/notifications/live", Live).WithName("GetUserNotificationsLive")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        users.MapGet("/{user}/notification-settings", GetSettings).WithName("GetNotificationSettings");
        users.MapPut("/{user}/notification-settings", PutSettings).WithName("PutNotificationSettings");
        return users;
    }

    public static async Task<Results<Ok<NotificationPageResponse>, NotFound, ValidationProblem>> List(
        string user, bool? unread, int? limit, string? before, ClaimsPrincipal viewer, INotificationStore store, CancellationToken cancellationToken)
    {
        if (!MaySee(viewer, user))
        {
            return TypedResults.NotFound();
        }
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("limit", $"must be between 1 and {MaxLimit}"));
        }
        NotificationCursor? cursor = null;
        if (before is not null && (cursor = ParseCursor(before)) is null)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("before", "must be the next value of a previous page"));
        }
        var take = limit ?? DefaultLimit;
        var page = await store.ListNotificationsAsync(user, unread ?? false, take + 1, cursor, cancellationToken);
        var shown = page.Take(take).ToList();
        return TypedResults.Ok(new NotificationPageResponse([.. shown.Select(ToResponse)], page.Count > take ? Cursor(shown[^1]) : null));
    }

    public static async Task<Results<NoContent, NotFound>> MarkRead(
        string user, string notification, ClaimsPrincipal viewer, INotificationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MaySee(viewer, user) || !await store.MarkNotificationReadAsync(user, notification, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Server-Sent Events: one <c>notification</c> event per new inbox entry (its <c>id:</c> is the cursor, so a client
    /// reconnecting with <c>Last-Event-ID</c> misses nothing), a heartbeat comment otherwise. Ends when the client or
    /// the host goes, or when the viewer's token expires.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, NotFound>> Live(
        string user, ClaimsPrincipal viewer, INotificationStore store, TimeProvider time, IHostApplicationLifetime lifetime, HttpRequest request,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (!MaySee(viewer, user))
        {
            return TypedResults.NotFound();
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        if (TokenExpiry.Of(viewer, request) is { } expires)
        {
            var left = expires - time.GetUtcNow();
            stop.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        var cursor = ParseCursor(request.Headers["Last-Event-ID"].ToString())
            ?? new NotificationCursor(time.GetUtcNow().ToUnixTimeMilliseconds(), "");
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync("retry: 2000\n\n", stop.Token);
            await response.Body.FlushAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var fresh = await store.NotificationsAfterAsync(user, cursor, MaxLimit, stop.Token);
                foreach (var n in fresh)
                {
                    cursor = new NotificationCursor(n.CreatedAtMs, n.NotificationId);
                    await response.WriteAsync($"id: {Cursor(n)}\nevent: notification\ndata: {JsonSerializer.Serialize(ToResponse(n), Json)}\n\n", stop.Token);
                }
                if (fresh.Count == 0)
                {
                    await response.WriteAsync(": heartbeat\n\n", stop.Token);
                }
                await response.Body.FlushAsync(stop.Token);
                if (fresh.Count < MaxLimit)
                {
                    await Task.Delay(LivePollInterval, time, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, the host is stopping or the token expired: the stream simply ends.
        }
        return TypedResults.Empty;
    }

    public static async Task<Results<Ok<NotificationSettingsResponse>, NotFound>> GetSettings(
        string user, ClaimsPrincipal viewer, INotificationStore store, CancellationToken cancellationToken)
    {
        if (!MaySee(viewer, user))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(ToResponse(await store.GetNotificationSettingsAsync(user, cancellationToken) ?? NotificationSettingsRecord.Defaults(user)));
    }

    public static async Task<Results<Ok<NotificationSettingsResponse>, NotFound, ValidationProblem, ProblemHttpResult>> PutSettings(
        string user, NotificationSettingsRequest request, ClaimsPrincipal viewer, INotificationStore store, NotificationSettingsPublisher publisher,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (!MaySee(viewer, user))
        {
            return TypedResults.NotFound();
        }
        if (request.TimeZone is { } zone && !LocalCalendar.TryFind(zone, out _))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("time_zone", "must be an IANA time zone id such as Europe/Berlin"));
        }
        if (request.InactivityDays is < 0 or > MaxInactivityDays)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("inactivity_days", $"must be between 0 (off) and {MaxInactivityDays}"));
        }
        if (request.GoalAtRiskPercent is { } percent && !(percent is >= 0 and <= 100))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("goal_at_risk_percent", "must be between 0 (off) and 100"));
        }
        var current = await store.GetNotificationSettingsAsync(user, cancellationToken) ?? NotificationSettingsRecord.Defaults(user);
        var saved = await store.SaveNotificationSettingsAsync(current with
        {
            TimeZone = request.TimeZone ?? current.TimeZone, InactivityDays = request.InactivityDays ?? current.InactivityDays,
            GoalAtRiskPercent = request.GoalAtRiskPercent ?? current.GoalAtRiskPercent, WeeklySummary = request.WeeklySummary ?? current.WeeklySummary,
        }, cancellationToken);
        try
        {
            await publisher.PublishAsync(saved, cancellationToken);
        }
        catch (Exception e) when (e is KafkaException or HttpRequestException or SchemaNotFoundException)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable",
                detail: "the settings are saved but could not be published to the stream yet; repeat the request");
        }
        return TypedResults.Ok(ToResponse(saved));
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static bool MaySee(ClaimsPrincipal viewer, string user) => viewer.UserId() == user || viewer.Role() == Roles.Admin;

    private static string Cursor(NotificationRecord n) => string.Create(CultureInfo.InvariantCulture, $"{n.CreatedAtMs}:{n.NotificationId}");

    private static NotificationCursor? ParseCursor(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new NotificationCursor(ms, text[(colon + 1)..])
            : null;
    }

    private static NotificationResponse ToResponse(NotificationRecord n)
    {
        using var payload = JsonDocument.Parse(n.Payload);
        return new NotificationResponse(n.NotificationId, n.Type, n.UserId, DateTimeOffset.FromUnixTimeMilliseconds(n.OccurredAtMs), n.PeriodKey,
            DateTimeOffset.FromUnixTimeMilliseconds(n.CreatedAtMs), n.ReadAtMs is { } read ? DateTimeOffset.FromUnixTimeMilliseconds(read) : null,
            payload.RootElement.Clone());
    }

    private static NotificationSettingsResponse ToResponse(NotificationSettingsRecord s) =>
        new(s.UserId, s.TimeZone, s.InactivityDays, s.GoalAtRiskPercent, s.WeeklySummary, s.Revision);
}
