using System.Globalization;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>An athlete's totals, streak and personal bests over the activities the viewer may see.</summary>
public static class StatsCalculator
{
    /// <summary>Totals by sport for this ISO week (Monday 00:00 UTC on), the year to date (UTC) and all time.</summary>
    public static StatsTotals Totals(IReadOnlyList<ActivityRecord> activities, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStart = new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var yearStart = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return new StatsTotals(
            BySport(activities.Where(a => a.StartedAtMs >= weekStart)),
            BySport(activities.Where(a => a.StartedAtMs >= yearStart)),
            BySport(activities));
    }

    /// <summary>
    /// Consecutive UTC days with at least one activity, ending today — or yesterday, so a streak is not broken
    /// before today's activity had a chance to happen.
    /// </summary>
    public static int CurrentStreakDays(IReadOnlyList<ActivityRecord> activities, DateTimeOffset now)
    {
        var days = activities.Select(a => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs).UtcDateTime)).ToHashSet();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (!days.Contains(day))
        {
            day = day.AddDays(-1);
        }
        var streak = 0;
        while (days.Contains(day))
        {
            streak++;
            day = day.AddDays(-1);
        }
        return streak;
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

    private static IReadOnlyDictionary<string, SportTotals> BySport(IEnumerable<ActivityRecord> activities) =>
        activities.GroupBy(a => a.Sport).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => new SportTotals(g.Count(), g.Sum(a => a.DistanceM), g.Sum(a => a.MovingTimeS)), StringComparer.Ordinal);
}
