using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Notifications;

/// <summary>One input of the notification tracker: a finished summary, a settings revision or a goal set (exactly one is set).</summary>
internal sealed record NotificationInput(ActivitySummary? Activity, NotificationSettings? Settings, UserGoals? Goals);
