namespace Splitstream.QueryApi.Notifications;

/// <summary>PUT /v1/users/{user}/notification-settings; absent fields keep their stored (or default) values.</summary>
public sealed record NotificationSettingsRequest(string? TimeZone, int? InactivityDays, double? GoalAtRiskPercent, bool? WeeklySummary);
