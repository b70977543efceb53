using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Store.Tests;

/// <summary>A store whose point writes fail while <see cref="Failing"/> is set, as a database outage would.</summary>
internal sealed class FlakyStore(ISplitstreamStore inner) : ISplitstreamStore
{
    private int failedWrites;

    public volatile bool Failing;

    public int FailedWrites => Volatile.Read(ref failedWrites);

    public Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default)
    {
        if (Failing && points.Count > 0)
        {
            Interlocked.Increment(ref failedWrites);
            throw new InvalidOperationException("store unavailable (simulated)");
        }
        return inner.WriteGpsAsync(points, cancellationToken);
    }

    public Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default) =>
        inner.WriteHeartRateAsync(points, cancellationToken);

    public Task WritePointsAsync(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate, CancellationToken cancellationToken = default)
    {
        if (Failing && gps.Count > 0)
        {
            Interlocked.Increment(ref failedWrites);
            throw new InvalidOperationException("store unavailable (simulated)");
        }
        return inner.WritePointsAsync(gps, heartRate, cancellationToken);
    }

    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);
    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default) => inner.SchemaVersionAsync(cancellationToken);
    public Task<IReadOnlyList<GpsPoint>> GetGpsAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default) => inner.GetGpsAsync(activityId, fromMs, toMs, cancellationToken);
    public Task<IReadOnlyList<HeartRatePoint>> GetHeartRateAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default) => inner.GetHeartRateAsync(activityId, fromMs, toMs, cancellationToken);
    public Task UpsertSummariesAsync(IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken = default) => inner.UpsertSummariesAsync(summaries, cancellationToken);
    public Task UpsertWindowsAsync(IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default) => inner.UpsertWindowsAsync(windows, cancellationToken);
    public Task WriteActivityRecordsAsync(IReadOnlyList<ActivityEvent> events, IReadOnlyList<ActivitySummary> summaries, IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default) => inner.WriteActivityRecordsAsync(events, summaries, windows, cancellationToken);
    public Task ApplyActivityEventsAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default) => inner.ApplyActivityEventsAsync(events, cancellationToken);
    public Task<ActivityRecord?> GetActivityAsync(string activityId, CancellationToken cancellationToken = default) => inner.GetActivityAsync(activityId, cancellationToken);
    public Task<(ActivityRecord Activity, bool ViewerIsFriend, bool OwnerIsPrivate)?> GetActivityForViewerAsync(string activityId, string viewerId, CancellationToken cancellationToken = default) => inner.GetActivityForViewerAsync(activityId, viewerId, cancellationToken);
    public Task<IReadOnlyList<WindowRecord>> GetWindowsAsync(string activityId, CancellationToken cancellationToken = default) => inner.GetWindowsAsync(activityId, cancellationToken);
    public Task<IReadOnlyList<ActivityRecord>> ListActivitiesAsync(string userId, bool publicOnly, int limit, ActivityCursor? before, CancellationToken cancellationToken = default) => inner.ListActivitiesAsync(userId, publicOnly, limit, before, cancellationToken);
    public Task UpsertUserAsync(UserProfile user, CancellationToken cancellationToken = default) => inner.UpsertUserAsync(user, cancellationToken);
    public Task<UserProfile?> GetUserAsync(string userId, CancellationToken cancellationToken = default) => inner.GetUserAsync(userId, cancellationToken);
    public Task AddFriendshipAsync(string userId, string friendId, CancellationToken cancellationToken = default) => inner.AddFriendshipAsync(userId, friendId, cancellationToken);
    public Task<bool> AreFriendsAsync(string userId, string otherId, CancellationToken cancellationToken = default) => inner.AreFriendsAsync(userId, otherId, cancellationToken);

    public Task<(bool OwnerIsPrivate, bool ViewerIsFriend)> GetViewerStandingAsync(string viewerId, string ownerId, CancellationToken cancellationToken = default) =>
        inner.GetViewerStandingAsync(viewerId, ownerId, cancellationToken);
    public Task<bool> SetActivityVisibilityAsync(string activityId, bool? isPublic, CancellationToken cancellationToken = default) => inner.SetActivityVisibilityAsync(activityId, isPublic, cancellationToken);
    public Task UpsertGoalAsync(Goal goal, CancellationToken cancellationToken = default) => inner.UpsertGoalAsync(goal, cancellationToken);
    public Task<IReadOnlyList<Goal>> GetGoalsAsync(string userId, CancellationToken cancellationToken = default) => inner.GetGoalsAsync(userId, cancellationToken);
    public Task<GoalSet> SaveGoalAsync(Goal goal, CancellationToken cancellationToken = default) => inner.SaveGoalAsync(goal, cancellationToken);
    public Task<GoalSet?> DeleteGoalAsync(string userId, string goalId, CancellationToken cancellationToken = default) => inner.DeleteGoalAsync(userId, goalId, cancellationToken);
    public Task<GoalSet> GetGoalSetAsync(string userId, CancellationToken cancellationToken = default) => inner.GetGoalSetAsync(userId, cancellationToken);
    public Task UpsertGoalProgressAsync(IReadOnlyList<GoalProgress> progress, CancellationToken cancellationToken = default) => inner.UpsertGoalProgressAsync(progress, cancellationToken);
    public Task<IReadOnlyList<GoalProgress>> GetGoalProgressAsync(string userId, IReadOnlyCollection<string> periodKeys, CancellationToken cancellationToken = default) => inner.GetGoalProgressAsync(userId, periodKeys, cancellationToken);
    public Task ReplaceLeaderboardsAsync(IReadOnlyList<Leaderboard> boards, CancellationToken cancellationToken = default) => inner.ReplaceLeaderboardsAsync(boards, cancellationToken);
    public Task<LeaderboardView?> GetLeaderboardAsync(string boardId, string viewerId, int limit, CancellationToken cancellationToken = default) => inner.GetLeaderboardAsync(boardId, viewerId, limit, cancellationToken);
    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
