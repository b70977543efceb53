namespace Splitstream.Store;

/// <summary>
/// Progress over time (DESIGN §10), precomputed: every summary the activity sink writes replaces its activity's row in
/// <c>progress_contributions</c> and, in the same transaction, recomputes the week and month buckets
/// (<c>progress_buckets</c>) it left and entered, from that user's contributions to those buckets only. A read is one
/// range query over the user's buckets, never a scan of activities or points.
/// </summary>
public interface IProgressStore
{
    /// <summary>
    /// The buckets of <paramref name="userId"/> for <paramref name="period"/> (<c>week</c> or <c>month</c>) starting in
    /// [<paramref name="fromMs"/>, <paramref name="toMs"/>), summed over sports unless <paramref name="sport"/> is given;
    /// periods without activities are absent.
    /// </summary>
    Task<IReadOnlyList<ProgressBucket>> GetProgressAsync(string userId, string period, string? sport, long fromMs, long toMs,
        CancellationToken cancellationToken = default);
}
