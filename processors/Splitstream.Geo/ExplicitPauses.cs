namespace Splitstream.Geo;

/// <summary>Look-ups over explicit pauses (from pause/resume lifecycle events).</summary>
public static class ExplicitPauses
{
    /// <summary>True when <paramref name="timeMs"/> lies inside one of the pauses.</summary>
    /// <param name="sortedPauses">Non-overlapping pauses in increasing start order.</param>
    public static bool Contains(ReadOnlySpan<TimeInterval> sortedPauses, long timeMs)
    {
        int lo = 0, hi = sortedPauses.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (sortedPauses[mid].ToMs <= timeMs) lo = mid + 1;
            else hi = mid;
        }
        return lo < sortedPauses.Length && sortedPauses[lo].Contains(timeMs);
    }
}
