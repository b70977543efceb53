namespace Splitstream.QueryApi.Notifications;

public sealed record NotificationSettingsResponse(
    string UserId, string TimeZone, int InactivityDays, double GoalAtRiskPercent, bool WeeklySummary, long Revision);
