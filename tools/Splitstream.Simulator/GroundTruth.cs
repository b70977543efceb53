using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>What a perfect pipeline should report: true distances and the race's true ranking.</summary>
public static class GroundTruth
{
    /// <summary>
    /// Geodesic sum over consecutive noise-free points, leaving out every second that starts inside an explicit pause
    /// (the athlete is not recording then; a stationary stop is included and adds nothing).
    /// </summary>
    public static double TrueDistanceM(IReadOnlyList<TruthPoint> truth)
    {
        var sum = 0.0;
        for (var i = 1; i < truth.Count; i++)
        {
            if (truth[i - 1].State == MotionState.Paused)
            {
                continue;
            }
            var a = truth[i - 1].Position;
            var b = truth[i].Position;
            sum += Geodesic.Distance(a.Lat, a.Lon, b.Lat, b.Lon);
        }
        return sum;
    }

    /// <summary>Seconds of recording minus explicit pauses and stationary stops.</summary>
    public static double MovingTimeS(IReadOnlyList<TruthPoint> truth)
    {
        var ms = 0L;
        for (var i = 1; i < truth.Count; i++)
        {
            if (truth[i - 1].State == MotionState.Moving)
            {
                ms += truth[i].TimeMs - truth[i - 1].TimeMs;
            }
        }
        return ms / 1000.0;
    }

    /// <summary>Crossed the finish line having run the whole course: a racer who cut a corner or left it finished nothing.</summary>
    public static bool FinishedRace(ActivityPlan racer) => racer.Track.FinishedCourse && racer.Spec.Behaviour == RacerBehaviour.OnCourse;

    /// <summary>
    /// Course distance covered as the standings must credit it: up to the finish line on the course; for a corner
    /// cutter, no more than they ran (their way is shorter than the course by what they skipped, so it never reaches
    /// the line); for a racer who left the course, where they left it.
    /// </summary>
    public static double CourseDistanceM(ActivityPlan racer)
    {
        var spec = racer.Spec;
        var along = racer.Track.Truth[^1].AlongM;
        return spec.Behaviour switch
        {
            RacerBehaviour.LeavesCourse => Math.Min(along, spec.DeviationAtM),
            RacerBehaviour.CutsCorner => Math.Min(along, (spec.TargetDistanceM ?? along) + spec.DeviationM),
            _ => Math.Min(along, spec.TargetDistanceM ?? along),
        };
    }

    /// <summary>
    /// Finishers by finish time, then the rest by the course distance they are credited with (cut off before the line,
    /// a short cut, off the course).
    /// </summary>
    public static IReadOnlyList<ActivityPlan> RaceRanking(IEnumerable<ActivityPlan> racers) =>
        [.. racers
            .OrderByDescending(FinishedRace)
            .ThenBy(r => FinishedRace(r) ? r.Track.FinishMs : 0)
            .ThenByDescending(CourseDistanceM)
            .ThenBy(r => r.Spec.Index)];
}
