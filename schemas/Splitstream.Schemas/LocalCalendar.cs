using System.Globalization;

namespace Splitstream.Schemas;

/// <summary>
/// Periods in a user's time zone (IANA ids; the build runs with invariant globalization, and on Linux the zones come
/// from the system's tzdata, not ICU): the local ISO week and year holding an instant, as UTC epoch-ms bounds, and the
/// local date. Unknown or empty zone ids are UTC.
/// </summary>
public static class LocalCalendar
{
    private const long DayMs = 86_400_000;

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    public static TimeZoneInfo Zone(string? id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime Local(long epochMs, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime, zone);

    public static DateOnly DateOf(long epochMs, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(epochMs, zone));

    public static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The instant a local date begins (its first valid local time: a midnight skipped by a DST change moves on).</summary>
    public static long StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone)).ToUnixTimeMilliseconds();
    }

    /// <summary>The local ISO week holding an instant: its key (<c>2026-W48</c>) and UTC bounds [start, end).</summary>
    public static LocalPeriod WeekOf(long epochMs, TimeZoneInfo zone)
    {
        var date = DateOf(epochMs, zone).ToDateTime(TimeOnly.MinValue);
        var year = ISOWeek.GetYear(date);
        var week = ISOWeek.GetWeekOfYear(date);
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return new LocalPeriod(string.Create(CultureInfo.InvariantCulture, $"{year}-W{week:00}"), StartOf(monday, zone),
            StartOf(monday.AddDays(7), zone));
    }

    /// <summary>The local calendar year holding an instant.</summary>
    public static LocalPeriod YearOf(long epochMs, TimeZoneInfo zone)
    {
        var year = DateOf(epochMs, zone).Year;
        return new LocalPeriod(year.ToString(CultureInfo.InvariantCulture), StartOf(new DateOnly(year, 1, 1), zone),
            StartOf(new DateOnly(year + 1, 1, 1), zone));
    }

    /// <summary>The goal period (<see cref="GoalPeriods.Week"/> or <see cref="GoalPeriods.Year"/>) holding an instant.</summary>
    public static LocalPeriod PeriodOf(string period, long epochMs, TimeZoneInfo zone) => period == GoalPeriods.Year
        ? YearOf(epochMs, zone)
        : WeekOf(epochMs, zone);

    public static long Days(int days) => days * DayMs;
}
