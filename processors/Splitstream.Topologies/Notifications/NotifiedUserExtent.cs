using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// What the reminder punctuator must know of a user's stored activities to tell, without reading them, whether any
/// reminder could be due: the newest finished activity (inactivity), the latest and the earliest start (weekly summary,
/// goal periods, pruning). Derived from the activity store, in memory: a few fields per user instead of every activity.
/// </summary>
internal sealed class NotifiedUserExtent
{
    /// <summary>The activity that finished last; among equal finishes, the first in activity id order (ordinal).</summary>
    public string LatestFinishedActivityId { get; private set; } = "";

    public long LatestFinishedAtMs { get; private set; } = long.MinValue;

    public long LatestStartedAtMs { get; private set; } = long.MinValue;

    public long EarliestStartedAtMs { get; private set; } = long.MaxValue;

    public static NotifiedUserExtent? Of(IEnumerable<NotifiedActivity> activities)
    {
        NotifiedUserExtent? extent = null;
        foreach (var activity in activities)
        {
            (extent ??= new NotifiedUserExtent()).Include(activity);
        }
        return extent;
    }

    public void Include(NotifiedActivity activity)
    {
        if (activity.FinishedAtMs > LatestFinishedAtMs
            || (activity.FinishedAtMs == LatestFinishedAtMs && string.CompareOrdinal(activity.ActivityId, LatestFinishedActivityId) < 0))
        {
            LatestFinishedAtMs = activity.FinishedAtMs;
            LatestFinishedActivityId = activity.ActivityId;
        }
        LatestStartedAtMs = Math.Max(LatestStartedAtMs, activity.StartedAtMs);
        EarliestStartedAtMs = Math.Min(EarliestStartedAtMs, activity.StartedAtMs);
    }
}
