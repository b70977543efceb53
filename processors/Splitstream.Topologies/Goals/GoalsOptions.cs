using Splitstream.Schemas;

namespace Splitstream.Processors.Goals;

/// <summary>Topics of <see cref="GoalsTopology"/>; tests give each run topics of their own.</summary>
public sealed record GoalsOptions(string GoalsTopic, string UserActivitiesTopic, string ProgressTopic, string NotificationsTopic)
{
    public const string ApplicationId = "splitstream-goals";

    public static GoalsOptions Default { get; } = Of(Topics.Goals, Topics.UserActivities, Topics.GoalProgress, Topics.Notifications);

    public static GoalsOptions Of(string goalsTopic, string userActivitiesTopic, string progressTopic, string notificationsTopic) =>
        new(goalsTopic, userActivitiesTopic, progressTopic, notificationsTopic);
}
