using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using Splitstream.Processors.Leaderboards;

namespace Splitstream.Processors.Goals;

/// <summary>
/// goals.v1 and the by-user activities (both keyed by user id, co-partitioned) → goal.progress.v1 (keyed
/// <c>user|goal|period</c>) and <see cref="GoalAchieved"/> on notifications.v1 (keyed by its notification id).
/// </summary>
public static class GoalsTopology
{
    public const string DefinitionStore = "goal-definitions";
    public const string ActivityStore = "goal-activities";
    public const string AchievedStore = "goals-achieved";
    public const string ProgressSink = "progress-sink";
    public const string NotificationSink = "notifications-sink";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, GoalsOptions options, CancellationToken cancellationToken = default)
    {
        var progress = await Serdes.ProtobufAsync(registry, options.ProgressTopic, GoalProgress.Parser, cancellationToken);
        var notifications = await Serdes.ProtobufAsync(registry, options.NotificationsTopic, Notification.Parser, cancellationToken);
        return new TopologyBuilder()
            // The repartition topic first: the runtime's group assigns the first source's partitions.
            .AddSource("activities", Serdes.String, Serdes.ProtobufReader(registry, UserActivity.Parser), options.UserActivitiesTopic)
            .AddSource("goals", Serdes.String, Serdes.ProtobufReader(registry, UserGoals.Parser), options.GoalsTopic)
            .AddProcessor("activity-input", () => new MapProcessor<string, UserActivity, string, GoalInput>(r => r.With(r.Key, new GoalInput(null, r.Value))), "activities")
            .AddProcessor("goal-input", () => new MapProcessor<string, UserGoals, string, GoalInput>(r => r.With(r.Key, new GoalInput(r.Value, null))), "goals")
            .AddProcessor("track", () => new GoalTracker(), "activity-input", "goal-input")
            .AddStateStore(Stores.KeyValue(DefinitionStore, Serdes.String, new PlainProtobufSerde<UserGoals>(UserGoals.Parser)), "track")
            .AddStateStore(Stores.PersistentKeyValue(ActivityStore, Serdes.String, new PlainProtobufSerde<UserActivity>(UserActivity.Parser)), "track")
            .AddStateStore(Stores.PersistentKeyValue(AchievedStore, Serdes.String, new PlainProtobufSerde<GoalProgress>(GoalProgress.Parser)), "track")
            .AddSink(ProgressSink, options.ProgressTopic, Serdes.String, progress, "track")
            .AddSink(NotificationSink, options.NotificationsTopic, Serdes.String, notifications, "track")
            .Build();
    }
}
