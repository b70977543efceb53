using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Store;

/// <summary>Activities (DESIGN §6): their lifecycle from activity.events.v1, their summaries and windows, their visibility, and the owner's list. A write returns once its transaction committed; every write is idempotent.</summary>
public interface IActivityStore
{
    /// <summary>Latest-wins upsert of summaries, applied in the given order.</summary>
    Task UpsertSummariesAsync(IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken = default);

    Task UpsertWindowsAsync(IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default);

    /// <summary>Started creates the activity if unknown; paused/resumed/stopped move its status.</summary>
    Task ApplyActivityEventsAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default);

    /// <summary>A sink batch in one transaction: its events, then its summaries, then its windows (each as above).</summary>
    Task WriteActivityRecordsAsync(IReadOnlyList<ActivityEvent> events, IReadOnlyList<ActivitySummary> summaries,
        IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default);

    Task<ActivityRecord?> GetActivityAsync(string activityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The activity, whether <paramref name="viewerId"/> is a friend of its owner and whether the owner's profile is
    /// private (DESIGN §7), in one query: the hot path of every privacy-checked read.
    /// </summary>
    Task<(ActivityRecord Activity, bool ViewerIsFriend, bool OwnerIsPrivate)?> GetActivityForViewerAsync(string activityId, string viewerId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WindowRecord>> GetWindowsAsync(string activityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A user's activities newest first, strictly after <paramref name="before"/> in that order (keyset pagination);
    /// with <paramref name="publicOnly"/>, only the effectively public ones.
    /// </summary>
    Task<IReadOnlyList<ActivityRecord>> ListActivitiesAsync(
        string userId, bool publicOnly, int limit, ActivityCursor? before, CancellationToken cancellationToken = default);

    /// <summary>Marks one activity public, private, or (null) back to its owner's default.</summary>
    Task<bool> SetActivityVisibilityAsync(string activityId, bool? isPublic, CancellationToken cancellationToken = default);
}
