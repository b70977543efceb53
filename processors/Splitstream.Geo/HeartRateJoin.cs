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
}
