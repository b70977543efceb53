using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>
/// Ranks the racers of a race with a course (DESIGN §8):
/// <list type="number">
/// <item>those who crossed the finish line, by finish time (the crossing, interpolated, from their own start);</item>
/// <item>then everyone else by distance along the course (desc), then by the time they reached it;</item>
/// <item>exact ties share a rank; within a tie the order is by user id, so it is stable.</item>
/// </list>
/// A racer who stopped without crossing the line is <c>retired</c> (DNF in the results). The gap to the leader is
/// measured where the racer is: how much later than the leader they reached their current course distance.
/// </summary>
public static class CourseRanking
{
    public static IReadOnlyList<RacerStanding> Rank(IEnumerable<RacerState> racers, RaceCourse course, long nowMs, RaceStandingsOptions options)
    {
        var keyed = racers
            .Select(r => (Racer: r, Key: r.CrossedFinish ? (0, (double)(r.FinishMs - r.StartedAtMs), 0L) : (1, -r.CourseM, ReachedMs(r, course) - r.StartedAtMs)))
            .OrderBy(k => k.Key)
            .ThenBy(k => k.Racer.UserId, StringComparer.Ordinal)
            .ThenBy(k => k.Racer.ActivityId, StringComparer.Ordinal)
            .ToList();
        var leader = keyed.Count > 0 ? keyed[0].Racer : null;
        var offCourseMs = (long)options.OffCourseAfter.TotalMilliseconds;
        var standings = new List<RacerStanding>(keyed.Count);
        for (var i = 0; i < keyed.Count; i++)
        {
            var (racer, key) = keyed[i];
            var rank = i > 0 && keyed[i - 1].Key == key ? standings[i - 1].Rank : i + 1;
            var raceTimeS = ((racer.CrossedFinish ? racer.FinishMs : racer.LastSampleMs) - racer.StartedAtMs) / 1000.0;
            var pace = racer.CourseM > 0 ? raceTimeS / (racer.CourseM / 1000) : 0;
            var standing = RaceRanking.Standing(racer, rank, racer.CrossedFinish, nowMs, options);
            standing.CourseDistanceM = racer.CourseM;
            standing.FinishTimeS = racer.CrossedFinish ? raceTimeS : 0;
            standing.GapS = leader is null ? 0 : GapS(racer, leader, course);
            standing.EtaS = racer.CrossedFinish || racer.CourseM <= 0 ? 0 : (course.LengthM - racer.CourseM) * raceTimeS / racer.CourseM;
            standing.OffCourse = racer.OffCourseSinceMs > 0 && racer.LastSampleMs - racer.OffCourseSinceMs >= offCourseMs;
            standing.PaceSPerKm = pace;
            for (var c = 0; c < course.Definition.Checkpoints.Count; c++)
            {
                var passedMs = c < racer.CheckpointMs.Length ? racer.CheckpointMs[c] : 0;
                if (passedMs > 0)
                {
                    standing.Checkpoints.Add(new CheckpointSplit { Name = course.Definition.Checkpoints[c].Name, TimeS = (passedMs - racer.StartedAtMs) / 1000.0 });
                }
            }
            standings.Add(standing);
        }
        return standings;
    }

    /// <summary>When the racer reached their current course distance (event time), so equal distances rank who got there first.</summary>
    private static long ReachedMs(RacerState racer, RaceCourse course) =>
        CourseProgress.TimeAt(racer, racer.CourseM, course.LengthM) ?? racer.LastSampleMs;

    /// <summary>Seconds between the leader and the racer at the racer's course distance (both from their own start).</summary>
    private static double GapS(RacerState racer, RacerState leader, RaceCourse course)
    {
        if (ReferenceEquals(racer, leader))
        {
            return 0;
        }
        var racerMs = CourseProgress.TimeAt(racer, racer.CourseM, course.LengthM) ?? racer.LastSampleMs;
        var leaderMs = CourseProgress.TimeAt(leader, racer.CourseM, course.LengthM);
        return leaderMs is { } at ? Math.Max(0, ((racerMs - racer.StartedAtMs) - (at - leader.StartedAtMs)) / 1000.0) : 0;
    }
}
