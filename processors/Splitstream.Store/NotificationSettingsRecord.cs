namespace Splitstream.Store;

/// <summary>
/// A user's notification settings (table <c>notification_settings</c>): IANA time zone (empty = UTC), days without an
/// activity before an inactivity reminder (0 = off), the percent below which an ending goal period is at risk
/// (0 = off), and whether the Monday summary is sent. <see cref="Revision"/> grows with every change.
/// </summary>
public sealed record NotificationSettingsRecord(
    string UserId, string TimeZone, int InactivityDays, double GoalAtRiskPercent, bool WeeklySummary, long Revision)
{
    public static NotificationSettingsRecord Defaults(string userId) => new(userId, "", 7, 50, true, 0);
}
