using System.Runtime.CompilerServices;

namespace Splitstream.Geo;

/// <summary>Joins heart rate to GPS by time: the nearest HR sample within a tolerance (DESIGN.md §4: 2 s).</summary>
public static class HeartRateJoin
{
    /// <summary>
    /// Bpm of the HR sample nearest to <paramref name="timeMs"/>, or null when none lies within
    /// <paramref name="toleranceMs"/> (inclusive). On a tie the earlier sample wins, so the result never depends on
    /// anything but the sorted input.
    /// </summary>
    /// <param name="sortedHr">HR samples in non-decreasing time order.</param>
    public static int? Nearest(ReadOnlySpan<HeartRateSample> sortedHr, long timeMs, long toleranceMs)
    {
        if (sortedHr.IsEmpty) return null;
        // Lower bound: first sample at or after timeMs.
        int lo = 0, hi = sortedHr.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (sortedHr[mid].TimeMs < timeMs) lo = mid + 1;
            else hi = mid;
        }

        int best = -1;
        long bestGap = long.MaxValue;
        if (lo > 0)
        {
            best = lo - 1;
            bestGap = timeMs - sortedHr[lo - 1].TimeMs;
        }
        if (lo < sortedHr.Length && sortedHr[lo].TimeMs - timeMs < bestGap)
        {
            best = lo;
            bestGap = sortedHr[lo].TimeMs - timeMs;
        }
        return best >= 0 && bestGap <= toleranceMs ? sortedHr[best].Bpm : null;
    }

    /// <summary>
    /// The same join as <see cref="Nearest"/> (nearest within the tolerance, ties to the earlier sample), streamed: both
    /// inputs time-ordered and read once, side by side, holding two heart-rate samples at a time, so an export of any
    /// length joins in constant memory.
    /// </summary>
    public static async IAsyncEnumerable<(T Point, int? Bpm)> JoinAsync<T>(IAsyncEnumerable<T> points, Func<T, long> timeOf,
        IAsyncEnumerable<HeartRateSample> sortedHr, long toleranceMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var hr = sortedHr.GetAsyncEnumerator(cancellationToken);
        HeartRateSample? current = await hr.MoveNextAsync() ? hr.Current : null;
        HeartRateSample? next = current is not null && await hr.MoveNextAsync() ? hr.Current : null;
        await foreach (var point in points.WithCancellation(cancellationToken))
        {
            var t = timeOf(point);
            // Move on only to a strictly nearer sample: on a tie the earlier one stays, as in Nearest.
            while (next is { } n && Math.Abs(n.TimeMs - t) < Math.Abs(current!.Value.TimeMs - t))
            {
                current = n;
                next = await hr.MoveNextAsync() ? hr.Current : null;
            }
            yield return (point, current is { } c && Math.Abs(c.TimeMs - t) <= toleranceMs ? c.Bpm : null);
        }
    }
}
