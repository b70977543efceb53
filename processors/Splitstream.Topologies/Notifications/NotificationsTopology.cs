using Splitstream.Processors.Leaderboards;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Finished summaries by user, notification.settings.v1 and goals.v1 (all keyed by user id, co-partitioned) →
/// notifications.v1 (keyed by notification id): see <see cref="NotificationTracker"/>.
/// </summary>
public static class NotificationsTopology
{
    public const string SettingsStore = "notify-settings";
    public const string GoalsStore = "notify-goals";
    public const string ActivityStore = "notify-activities";
    public const string BestsStore = "notify-bests";
    public const string EmittedStore = "notify-emitted";

    public static async Task<Topology> BuildAsync(ISchemaRegistry registry, NotificationTopologyOptions options, CancellationToken cancellationToken = default)
    {
        var notifications = await Serdes.ProtobufAsync(registry, options.NotificationsTopic, Notification.Parser, cancellationToken);
        return new TopologyBuilder()
            // The repartition topic first: the runtime's group assigns the first source's partitions.
            .AddSource("activities", Serdes.String, Serdes.ProtobufReader(registry, ActivitySummary.Parser), options.ByUserTopic)
            .AddSource("settings", Serdes.String, Serdes.ProtobufReader(registry, NotificationSettings.Parser), options.SettingsTopic)
            .AddSource("goals", Serdes.String, Serdes.ProtobufReader(registry, UserGoals.Parser), options.GoalsTopic)
            .AddProcessor("activity-input", () => Map<ActivitySummary>(v => new NotificationInput(v, null, null)), "activities")
            .AddProcessor("settings-input", () => Map<NotificationSettings>(v => new NotificationInput(null, v, null)), "settings")
            .AddProcessor("goal-input", () => Map<UserGoals>(v => new NotificationInput(null, null, v)), "goals")
            .AddProcessor("track", () => new NotificationTracker(options), "activity-input", "settings-input", "goal-input")
            .AddStateStore(Stores.KeyValue(SettingsStore, Serdes.String, new PlainProtobufSerde<NotificationSettings>(NotificationSettings.Parser)), "track")
            .AddStateStore(Stores.KeyValue(GoalsStore, Serdes.String, new PlainProtobufSerde<UserGoals>(UserGoals.Parser)), "track")
            .AddStateStore(Stores.PersistentKeyValue(ActivityStore, Serdes.String, new PlainProtobufSerde<NotifiedActivity>(NotifiedActivity.Parser)), "track")
            .AddStateStore(Stores.PersistentKeyValue(BestsStore, Serdes.String, new PlainProtobufSerde<PersonalBest>(PersonalBest.Parser)), "track")
            .AddStateStore(Stores.PersistentKeyValue(EmittedStore, Serdes.String, Serdes.Int64), "track")
            .AddSink("notifications-sink", options.NotificationsTopic, Serdes.String, notifications, "track")
            .Build();
    }

    private static MapProcessor<string, T, string, NotificationInput> Map<T>(Func<T, NotificationInput> wrap) => new(r => r.With(r.Key, wrap(r.Value)));
}
