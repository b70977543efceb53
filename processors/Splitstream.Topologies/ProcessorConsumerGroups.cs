using Splitstream.Processors.Leaderboards;
using Splitstream.Processors.Metrics;
using Splitstream.Processors.Races;
using Splitstream.Processors.Sinks;

namespace Splitstream.Processors;

/// <summary>
/// The consumer groups whose committed offsets the processors keep (every topology's application id and every sink's
/// group), as configured. The embedded platform's archive saves and restores exactly these: its cluster cannot list groups.
/// </summary>
public static class ProcessorConsumerGroups
{
    public const string LeaderboardSink = "splitstream-sink-leaderboards";

    public const string GoalProgressSink = "splitstream-sink-goal-progress";

    /// <summary>The fan-out of notifications.v1 into the inbox and webhook delivery jobs.</summary>
    public const string NotificationFanout = "splitstream-notifications-fanout";

    public static IReadOnlyList<string> Of(IConfiguration configuration)
    {
        var metrics = configuration.GetSection(ActivityMetricsSettings.Section).Get<ActivityMetricsSettings>() ?? new ActivityMetricsSettings();
        var races = configuration.GetSection(RaceStandingsOptions.Section).Get<RaceStandingsOptions>() ?? RaceStandingsOptions.Default;
        var sinks = configuration.GetSection(SinkOptions.Section).Get<SinkOptions>() ?? new SinkOptions();
        return
        [
            metrics.ApplicationId,
            SummaryRouterOptions.ApplicationId,
            LeaderboardOptions.ApplicationId,
            Goals.GoalsOptions.ApplicationId,
            races.RouterApplicationId,
            races.StandingsApplicationId,
            sinks.PointGroupId,
            sinks.ActivityGroupId,
            LeaderboardSink,
            GoalProgressSink,
            Notifications.NotificationTopologyOptions.RouterApplicationId,
            Notifications.NotificationTopologyOptions.ApplicationId,
            NotificationFanout,
        ];
    }
}
