namespace Splitstream.Store;

/// <summary>
/// Best efforts of every activity summary (table <c>best_efforts</c>, migration 5), written with the summary in one
/// transaction, so personal bests are one indexed query over summaries and never a scan of points.
/// </summary>
public interface IPersonalBestStore
{
    /// <summary>
    /// The fastest effort per (sport, effort name) over the user's activities — only those visible to everyone when
    /// <paramref name="publicOnly"/> — ties going to the earlier activity. Ordered by sport, then effort distance.
    /// </summary>
    Task<IReadOnlyList<PersonalBestRecord>> GetPersonalBestsAsync(string userId, bool publicOnly, CancellationToken cancellationToken = default);
}
