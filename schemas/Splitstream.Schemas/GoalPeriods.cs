using System.Globalization;

namespace Splitstream.Schemas;

/// <summary>Goal periods in UTC: ISO weeks (<c>2026-W47</c>, as the boards) and calendar years (<c>2026</c>).</summary>
public static class GoalPeriods
{
    public const string Week = "week";
    public const string Year = "year";

    public static bool IsValid(string? period) => period is Week or Year;

    /// <summary>The key of the period holding an instant.</summary>
    public static string KeyOf(string period, long epochMs) => period switch
    {
        Week => BoardIds.IsoWeek(epochMs),
        Year => DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "period must be week or year"),
    };

    /// <summary>The end (exclusive, epoch ms) of the period holding an instant.</summary>
    public static long EndOf(string period, long epochMs)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime;
        var end = period switch
        {
            Week => ISOWeek.ToDateTime(ISOWeek.GetYear(utc), ISOWeek.GetWeekOfYear(utc), DayOfWeek.Monday).AddDays(7),
            Year => new DateTime(utc.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "period must be week or year"),
        };
        return new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
    }
}
