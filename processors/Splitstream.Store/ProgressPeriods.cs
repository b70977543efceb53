using System.Globalization;
using Splitstream.Schemas;

namespace Splitstream.Store;

/// <summary>
/// Progress periods in UTC: ISO weeks (<c>2026-W47</c>, the boards' and goals' weeks, starting Monday) and calendar
/// months (<c>2026-11</c>).
/// </summary>
public static class ProgressPeriods
{
    public const string Week = "week";
    public const string Month = "month";

    public static bool IsValid(string? period) => period is Week or Month;

    /// <summary>The key and start (epoch ms) of the period holding an instant.</summary>
    public static (string Key, long StartMs) Of(string period, long epochMs)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime;
        DateTime start;
        string key;
        if (period == Week)
        {
            start = ISOWeek.ToDateTime(ISOWeek.GetYear(utc), ISOWeek.GetWeekOfYear(utc), DayOfWeek.Monday);
            key = BoardIds.IsoWeek(epochMs);
        }
        else if (period == Month)
        {
            start = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            key = string.Create(CultureInfo.InvariantCulture, $"{utc.Year:0000}-{utc.Month:00}");
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "period must be week or month");
        }
        return (key, new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
    }

    /// <summary>The start of the period after the one starting at <paramref name="startMs"/>.</summary>
    public static long Next(string period, long startMs)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        return (period == Week ? start.AddDays(7) : start.AddMonths(1)).ToUnixTimeMilliseconds();
    }
}
