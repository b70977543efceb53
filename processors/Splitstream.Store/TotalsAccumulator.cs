namespace Splitstream.Store;

/// <summary>One sport's totals for the week, the year and all time while they are summed from the rollup and the partial days.</summary>
internal sealed class TotalsAccumulator
{
    public RangeTotals Week { get; } = new();

    public RangeTotals Year { get; } = new();

    public RangeTotals All { get; } = new();

    public SportTotalsRecord ToRecord(string sport) => new(sport,
        checked((int)Week.Activities), Week.DistanceMm / 1000.0, Week.MovingTimeMs / 1000.0,
        checked((int)Year.Activities), Year.DistanceMm / 1000.0, Year.MovingTimeMs / 1000.0,
        checked((int)All.Activities), All.DistanceMm / 1000.0, All.MovingTimeMs / 1000.0);
}
