namespace Splitstream.Schemas;

/// <summary>Every topic of DESIGN §2 with its partitioning; the embedded cluster and real-cluster provisioning both start from it.</summary>
public static class TopicCatalog
{
    public const int DefaultPartitions = 12;

    public static IReadOnlyList<TopicSpec> All(int partitions = DefaultPartitions) =>
    [
        new(Topics.ActivityEvents, partitions, Compacted: false),
        new(Topics.Gps, partitions, Compacted: false),
        new(Topics.HeartRate, partitions, Compacted: false),
        new(Topics.ActivityMetrics, partitions, Compacted: false),
        new(Topics.ActivitySummary, partitions, Compacted: true),
        new(Topics.Leaderboards, partitions, Compacted: true),
        new(Topics.RaceStandings, partitions, Compacted: true),
        new(Topics.DeadLetter, partitions, Compacted: false),
        new(Topics.Notifications, partitions, Compacted: false),
        new(Topics.Goals, partitions, Compacted: true),
        new(Topics.GoalProgress, partitions, Compacted: true),
        new(Topics.NotificationSettings, partitions, Compacted: true),
        // Repartition topics are logs, never compacted: one key (a board, a user) carries many activities.
        new(Topics.BoardContributions, partitions, Compacted: false),
        new(Topics.UserActivities, partitions, Compacted: false),
        new(Topics.RaceSummariesByRace, partitions, Compacted: false),
        new(Topics.NotificationActivities, partitions, Compacted: false),
        // One partition keeps the registry's log totally ordered, as Confluent's _schemas is.
        new(Topics.Schemas, 1, Compacted: true),
    ];
}
