using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Store;

/// <summary>
/// The store layer of DESIGN §6 behind one interface, implemented by SQLite (embedded default) and PostgreSQL.
/// Every write is idempotent: points are insert-if-absent on (activity id, time), everything else a keyed upsert, so
/// replaying a topic never changes what is stored. A write method returns once its transaction committed.
/// </summary>
public interface ISplitstreamStore : IAsyncDisposable
{
    /// <summary>Applies the versioned migrations not applied yet; safe when several processes start together.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The highest applied migration version (0 before any).</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default);

    Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default);

    Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default);

    /// <summary>GPS points of one activity in time order, <paramref name="fromMs"/> inclusive to <paramref name="toMs"/> exclusive.</summary>
    Task<IReadOnlyList<GpsPoint>> GetGpsAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HeartRatePoint>> GetHeartRateAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);

    /// <summary>Latest-wins upsert of summaries, applied in the given order.</summary>
    Task UpsertSummariesAsync(IReadOnlyList<ActivitySummary> summaries, CancellationToken cancellationToken = default);

    Task UpsertWindowsAsync(IReadOnlyList<WindowMetrics> windows, CancellationToken cancellationToken = default);

    /// <summary>Started creates the activity if unknown; paused/resumed/stopped move its status.</summary>
    Task ApplyActivityEventsAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default);

    Task<ActivityRecord?> GetActivityAsync(string activityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The activity and whether <paramref name="viewerId"/> is a friend of its owner, in one query: the hot path of
    /// every privacy-checked read.
    /// </summary>
    Task<(ActivityRecord Activity, bool ViewerIsFriend)?> GetActivityForViewerAsync(string activityId, string viewerId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WindowRecord>> GetWindowsAsync(string activityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A user's activities newest first, strictly after <paramref name="before"/> in that order (keyset pagination);
    /// with <paramref name="publicOnly"/>, only the effectively public ones.
    /// </summary>
    Task<IReadOnlyList<ActivityRecord>> ListActivitiesAsync(
        string userId, bool publicOnly, int limit, ActivityCursor? before, CancellationToken cancellationToken = default);

    Task UpsertUserAsync(UserProfile user, CancellationToken cancellationToken = default);

    Task<UserProfile?> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Friendship is mutual: stored in both directions.</summary>
    Task AddFriendshipAsync(string userId, string friendId, CancellationToken cancellationToken = default);

    Task<bool> AreFriendsAsync(string userId, string otherId, CancellationToken cancellationToken = default);

    /// <summary>Marks one activity public, private, or (null) back to its owner's default.</summary>
    Task<bool> SetActivityVisibilityAsync(string activityId, bool? isPublic, CancellationToken cancellationToken = default);

    Task UpsertGoalAsync(Goal goal, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Goal>> GetGoalsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces one goal (its creation time is kept from the first save) and bumps the user's goal revision,
    /// in one transaction; returns the user's goals at that revision, to publish on goals.v1.
    /// </summary>
    Task<GoalSet> SaveGoalAsync(Goal goal, CancellationToken cancellationToken = default);

    /// <summary>Deletes one goal and bumps the revision; null (and nothing changed) when the user has no such goal.</summary>
    Task<GoalSet?> DeleteGoalAsync(string userId, string goalId, CancellationToken cancellationToken = default);

    Task<GoalSet> GetGoalSetAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Latest-wins upsert of goal progress keyed (user, goal, period key), applied in the given order.</summary>
    Task UpsertGoalProgressAsync(IReadOnlyList<GoalProgress> progress, CancellationToken cancellationToken = default);

    /// <summary>A user's progress rows for the given period keys (e.g. the current week and year).</summary>
    Task<IReadOnlyList<GoalProgress>> GetGoalProgressAsync(string userId, IReadOnlyCollection<string> periodKeys, CancellationToken cancellationToken = default);

    /// <summary>Replaces each board (header and entries) with the given version, in order (latest wins); one transaction.</summary>
    Task ReplaceLeaderboardsAsync(IReadOnlyList<Leaderboard> boards, CancellationToken cancellationToken = default);

    /// <summary>A board's top <paramref name="limit"/> rows, each flagged with whether <paramref name="viewerId"/> may identify it; null when unknown.</summary>
    Task<LeaderboardView?> GetLeaderboardAsync(string boardId, string viewerId, int limit, CancellationToken cancellationToken = default);

    /// <summary>One round trip to the database, for /readyz.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
