using Splitstream.Schemas;

namespace Splitstream.Processors.Notifications;

/// <summary>Topics and timers of the notification topologies; tests give each run topics of their own.</summary>
public sealed record NotificationTopologyOptions(
    string SummaryTopic, string ByUserTopic, string SettingsTopic, string GoalsTopic, string NotificationsTopic, TimeSpan ReminderInterval)
{
    public const string RouterApplicationId = "splitstream-notifications-router";
    public const string ApplicationId = "splitstream-notifications";

    public static NotificationTopologyOptions Default { get; } = new(Topics.ActivitySummary, Topics.NotificationActivities,
        Topics.NotificationSettings, Topics.Goals, Topics.Notifications, TimeSpan.FromMinutes(1));
}
