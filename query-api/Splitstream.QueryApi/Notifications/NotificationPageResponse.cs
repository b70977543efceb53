namespace Splitstream.QueryApi.Notifications;

/// <summary>A page of the inbox, newest first; <c>next</c> is the <c>before</c> of the following page (null at the end).</summary>
public sealed record NotificationPageResponse(IReadOnlyList<NotificationResponse> Notifications, string? Next);
