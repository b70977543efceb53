using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>Goals (DESIGN §9): a user's revisioned goal set, published on goals.v1, and the progress rows the goals topology writes back. A write returns once its transaction committed; every write is idempotent.</summary>
public interface IGoalStore
{
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
}
