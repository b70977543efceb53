namespace Splitstream.Store;

/// <summary>Count, distance and moving time of one range, in the rollup's whole thousandths (mm, ms), so sums are exact.</summary>
internal sealed class RangeTotals
{
    public long Activities { get; private set; }

    public long DistanceMm { get; private set; }

    public long MovingTimeMs { get; private set; }

    public void Add(long activities, long distanceMm, long movingTimeMs)
    {
        Activities += activities;
        DistanceMm += distanceMm;
        MovingTimeMs += movingTimeMs;
    }
}
