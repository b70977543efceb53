using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>
/// Ranks the racers of one race the way an organiser reads a results board:
/// <list type="number">
/// <item>finishers first, by elapsed time (a finisher keeps their place whatever happens behind them);</item>
/// <item>then everyone else by distance covered on the course (desc), then by elapsed time (who got there sooner);</item>
/// <item>exact ties share a rank (1, 2, 2, 4); within a tie the order is by user id, so it is stable.</item>
/// </list>
/// The stream does not know the course length; the distance most stopped racers measured stands in for it (their
/// median: GPS noise spreads finishers a few percent either side of the true length, and in a race most of those who
/// stop have finished). A stopped racer is a finisher when they covered at least
/// <see cref="RaceStandingsOptions.FinisherShare"/> of it; one who stopped well short (abandoned, or cut off) is
/// <em>retired</em> and keeps the place their distance gives them among those still running. Until real finishers
/// arrive, an early retirement counts as a finish: it drops back as finishers come in.
/// </summary>
public static class RaceRanking
{
    public static IReadOnlyList<RacerStanding> Rank(IEnumerable<RacerState> racers, long nowMs, RaceStandingsOptions options)
    {
        var list = racers.ToList();
        var courseM = Median(list.Where(r => r.IsFinished).Select(r => r.DistanceM));
        bool IsFinisher(RacerState r) => r.IsFinished && r.DistanceM >= options.FinisherShare * courseM;
        var keyed = list
            .Select(r => (Racer: r, Finisher: IsFinisher(r), Key: IsFinisher(r) ? (0, r.ElapsedTimeS, 0.0) : (1, -r.DistanceM, r.ElapsedTimeS)))
            .OrderBy(k => k.Key)
            .ThenBy(k => k.Racer.UserId, StringComparer.Ordinal)
            .ThenBy(k => k.Racer.ActivityId, StringComparer.Ordinal)
            .ToList();
        var standings = new List<RacerStanding>(keyed.Count);
        for (var i = 0; i < keyed.Count; i++)
        {
            var (racer, finisher, key) = keyed[i];
            var rank = i > 0 && keyed[i - 1].Key == key ? standings[i - 1].Rank : i + 1;
            standings.Add(Standing(racer, rank, finisher, nowMs, options));
        }
        return standings;
    }

    /// <summary>
    /// A racer's row as both rankings show it (the course ranking adds its course figures): their newest figures, at
    /// <paramref name="rank"/>; a racer who stopped without being a finisher is retired.
    /// </summary>
    public static RacerStanding Standing(RacerState racer, int rank, bool finisher, long nowMs, RaceStandingsOptions options) => new()
    {
        Rank = rank,
        UserId = racer.UserId,
        ActivityId = racer.ActivityId,
        DistanceM = racer.DistanceM,
        ElapsedTimeS = racer.ElapsedTimeS,
        LastSeenMs = racer.LastSeenMs,
        Stale = IsStale(racer, nowMs, options),
        Finished = finisher,
        Retired = racer.IsFinished && !finisher,
        Status = racer.Status,
        Lat = racer.Lat,
        Lon = racer.Lon,
        LastSampleMs = racer.LastSampleMs,
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Silent for <see cref="RaceStandingsOptions.StaleAfter"/> while still on the course; a stopped racer is never stale.</summary>
    public static bool IsStale(RacerState racer, long nowMs, RaceStandingsOptions options) =>
        !racer.IsFinished && nowMs - racer.LastSeenMs >= (long)options.StaleAfter.TotalMilliseconds;

    /// <summary>Someone is still on the course and was heard from within <see cref="RaceStandingsOptions.IdleAfter"/>.</summary>
    public static bool IsLive(IEnumerable<RacerState> racers, long nowMs, RaceStandingsOptions options) =>
        racers.Any(r => !r.IsFinished && nowMs - r.LastSeenMs < (long)options.IdleAfter.TotalMilliseconds);
}
