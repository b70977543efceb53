namespace Splitstream.Store;

/// <summary>One sport's totals over the three ranges of the stats: this ISO week, this year, all time.</summary>
public sealed record SportTotalsRecord(
    string Sport,
    int WeekCount, double WeekDistanceM, double WeekMovingTimeS,
    int YearCount, double YearDistanceM, double YearMovingTimeS,
    int AllCount, double AllDistanceM, double AllMovingTimeS);
