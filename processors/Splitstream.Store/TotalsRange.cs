namespace Splitstream.Store;

/// <summary>
/// A stats range (this week, this year) as the totals rollup sees it: from <see cref="StartMs"/>, with whole months
/// from <see cref="FirstMonthMs"/> (the first UTC month start at or after it) answered by the rollup and the days before
/// that boundary read from the activities.
/// </summary>
internal readonly record struct TotalsRange(long StartMs, long FirstMonthMs)
{
    public bool IsEmpty => StartMs >= FirstMonthMs;

    public bool HoldsBeforeFirstMonth(long startedAtMs) => startedAtMs >= StartMs && startedAtMs < FirstMonthMs;
}
