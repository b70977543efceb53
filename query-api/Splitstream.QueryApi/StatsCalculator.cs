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

    /// <summary>Personal bests per sport, from each activity's points.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, PersonalBest>>> PersonalBestsAsync(
        IReadOnlyList<ActivityRecord> activities, ISplitstreamStore store, CancellationToken cancellationToken)
    {
        var bests = new SortedDictionary<string, SortedDictionary<string, PersonalBest>>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            var shortest = PersonalBests.Distances[0].DistanceM;
            // Activities known to be shorter than the shortest distance cannot hold a best: skip loading their points.
            if (activity.Summary is not null && activity.DistanceM < shortest * 0.98)
            {
                continue;
            }
            var track = await store.GetGpsAsync(activity.ActivityId, cancellationToken: cancellationToken);
            foreach (var (name, distance) in PersonalBests.Distances)
            {
                if (PersonalBests.FastestS(track, distance) is not { } seconds)
                {
                    continue;
                }
                var sport = bests.TryGetValue(activity.Sport, out var existing) ? existing : bests[activity.Sport] = new(StringComparer.Ordinal);
                if (!sport.TryGetValue(name, out var best) || seconds < best.TimeS)
                {
                    sport[name] = new PersonalBest(seconds, activity.ActivityId);
                }
            }
        }
        return bests.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, PersonalBest>)s.Value, StringComparer.Ordinal);
    }

    private static IReadOnlyDictionary<string, SportTotals> BySport(IEnumerable<ActivityRecord> activities) =>
        activities.GroupBy(a => a.Sport).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => new SportTotals(g.Count(), g.Sum(a => a.DistanceM), g.Sum(a => a.MovingTimeS)), StringComparer.Ordinal);
}
