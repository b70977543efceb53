namespace Splitstream.Store;

/// <summary>
/// An athlete's totals and active days as SQL aggregates of the <c>activities</c> table (summaries' figures), so
/// <c>/v1/users/{id}/stats</c> never loads the activities themselves. The totals come from the rollup
/// <c>activity_totals</c> (per user, sport, UTC month and visibility; kept by triggers on <c>activities</c>): distances
/// and moving times are summed in whole thousandths (mm, ms, each activity's figure rounded half up), so the sums are
/// exact and the same whatever order the summaries were written, replayed or redelivered in.
/// </summary>
public interface IActivityTotalsStore
{
    /// <summary>
    /// Count, distance and moving time per sport for activities started at or after <paramref name="weekStartMs"/>,
    /// at or after <paramref name="yearStartMs"/>, and ever: one grouped query. Only activities visible to everyone when
    /// <paramref name="publicOnly"/> (the activity list's rule). Ordered by sport.
    /// </summary>
    Task<IReadOnlyList<SportTotalsRecord>> GetTotalsAsync(string userId, bool publicOnly, long weekStartMs, long yearStartMs,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Distinct UTC days (days since 1970-01-01) on which the user started an activity, newest first, before
    /// <paramref name="beforeDay"/> (exclusive), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<long>> GetActiveDaysAsync(string userId, bool publicOnly, long beforeDay, int limit,
        CancellationToken cancellationToken = default);
}
