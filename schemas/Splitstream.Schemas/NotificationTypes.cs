using Splitstream.Schemas.V1;

namespace Splitstream.Schemas;

/// <summary>The event types on notifications.v1 (DESIGN §9), as webhooks subscribe to them and payloads name them.</summary>
public static class NotificationTypes
{
    public const string ActivityFinished = "activity.finished";
    public const string GoalAchieved = "goal.achieved";
    public const string GoalAtRisk = "goal.at_risk";
    public const string PersonalBest = "personal_best";
    public const string RaceFinished = "race.finished";
    public const string WeeklySummary = "weekly_summary";
    public const string Inactivity = "inactivity";

    /// <summary>The handshake a new webhook endpoint must answer with 2xx before it gets events.</summary>
    public const string WebhookVerification = "webhook.verification";

    public static readonly IReadOnlyList<string> All =
        [ActivityFinished, GoalAchieved, GoalAtRisk, PersonalBest, RaceFinished, WeeklySummary, Inactivity];

    /// <summary>The type of a notification: its own field, or (records written before the field existed) its payload case.</summary>
    public static string Of(Notification notification) => notification.Type.Length > 0 ? notification.Type : notification.KindCase switch
    {
        Notification.KindOneofCase.GoalAchieved => GoalAchieved,
        Notification.KindOneofCase.ActivityFinished => ActivityFinished,
        Notification.KindOneofCase.GoalAtRisk => GoalAtRisk,
        Notification.KindOneofCase.PersonalBest => PersonalBest,
        Notification.KindOneofCase.RaceFinished => RaceFinished,
        Notification.KindOneofCase.WeeklySummary => WeeklySummary,
        Notification.KindOneofCase.Inactivity => Inactivity,
        _ => "unknown",
    };
}
