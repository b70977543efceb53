namespace Splitstream.Schemas;

/// <summary>Topic names of DESIGN §2: the contract other tools and users rely on.</summary>
public static class Topics
{
    public const string ActivityEvents = "activity.events.v1";
    public const string Gps = "telemetry.gps.v1";
    public const string HeartRate = "telemetry.hr.v1";
    public const string ActivityMetrics = "activity.metrics.v1";
    public const string ActivitySummary = "activity.summary.v1";
    public const string Leaderboards = "leaderboards.v1";
    public const string RaceStandings = "race.standings.v1";
    public const string DeadLetter = "telemetry.dlq.v1";
    public const string Notifications = "notifications.v1";
    public const string Goals = "goals.v1";
    public const string GoalProgress = "goal.progress.v1";
    public const string NotificationSettings = "notification.settings.v1";
    public const string Races = "races.v1";

    /// <summary>Internal: activity summaries re-keyed by board id (the summary router's output, the leaderboards topology's input).</summary>
    public const string BoardContributions = "splitstream-summary-router-by-board-repartition";

    /// <summary>Internal: activity summaries re-keyed by user id, co-partitioned with <see cref="Goals"/> for the goals topology.</summary>
    public const string UserActivities = "splitstream-summary-router-by-user-repartition";

    /// <summary>Internal: finished activity summaries re-keyed by user id for the notifications topology.</summary>
    public const string NotificationActivities = "splitstream-notifications-by-user-repartition";

    /// <summary>Internal: race summaries re-keyed by race id (the race router's output, the standings topology's input).</summary>
    public const string RaceSummariesByRace = "splitstream-race-router-summaries-by-race-repartition";

    /// <summary>The topic the schema registry keeps its schemas in (as Confluent's does).</summary>
    public const string Schemas = "_schemas";

    /// <summary>Changelog topic of a state store, named as Kafka Streams names it.</summary>
    public static string Changelog(string applicationId, string storeName) => $"{applicationId}-{storeName}-changelog";
}
