using System.Globalization;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>An athlete's totals, streak and personal bests over the activities the viewer may see.</summary>
public static class StatsCalculator
{
    /// <summary>Where this ISO week (Monday 00:00 UTC) and this year (UTC) start, in epoch milliseconds.</summary>
    public static (long WeekStartMs, long YearStartMs) RangeStarts(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds(),
            new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    /// <summary>Totals by sport for this ISO week, the year to date and all time, from the store's aggregates.</summary>
    public static StatsTotals Totals(IReadOnlyList<SportTotalsRecord> sports) => new(
        sports.Where(s => s.WeekCount > 0).ToDictionary(s => s.Sport, s => new SportTotals(s.WeekCount, s.WeekDistanceM, s.WeekMovingTimeS), StringComparer.Ordinal),
        sports.Where(s => s.YearCount > 0).ToDictionary(s => s.Sport, s => new SportTotals(s.YearCount, s.YearDistanceM, s.YearMovingTimeS), StringComparer.Ordinal),
        sports.ToDictionary(s => s.Sport, s => new SportTotals(s.AllCount, s.AllDistanceM, s.AllMovingTimeS), StringComparer.Ordinal));

    /// <summary>
    /// Consecutive UTC days with at least one activity, ending today — or yesterday, so a streak is not broken
    /// before today's activity had a chance to happen. Reads the active days (days since the epoch) newest first, a
    /// page at a time, only as far back as the streak goes. Pages grow fourfold (64, 256, 1,024 … 4,096 days): a short
    /// streak costs one small read, a year-long one two reads rather than six.
    /// </summary>
    public static async Task<int> CurrentStreakDaysAsync(Func<long, int, Task<IReadOnlyList<long>>> activeDaysBefore, DateTimeOffset now)
    {
        const int FirstPage = 64, LargestPage = 4_096;
        var today = now.ToUnixTimeMilliseconds() / 86_400_000;
        long? expected = null;
        var streak = 0;
        for (var (before, page) = (today + 1, FirstPage); ; page = Math.Min(page * 4, LargestPage))
        {
            var days = await activeDaysBefore(before, page);
            foreach (var day in days)
            {
                expected ??= day == today ? today : today - 1;
                if (day != expected)
                {
                    return streak;
                }
                streak++;
                expected--;
            }
            if (days.Count < page)
            {
                return streak;
            }
            before = days[^1];
        }
    }

    public static string IsoWeek(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(now.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(now.UtcDateTime):00}");

    /// <summary>
    /// Personal bests by sport and effort name: the stored best of the summaries' best efforts (computed in the stream
    /// on the cleaned track, DESIGN §4), already narrowed to what the viewer may see.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, PersonalBest>> PersonalBests(IReadOnlyList<PersonalBestRecord> bests) =>
        bests.GroupBy(b => b.Sport, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, PersonalBest>)g.ToDictionary(b => b.Name, b => new PersonalBest(b.TimeS, b.ActivityId), StringComparer.Ordinal),
            StringComparer.Ordinal);
}
