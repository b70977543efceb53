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

    /// <summary>Finishers by finish time, then the rest by distance covered (the race was cut off before they finished).</summary>
    public static IReadOnlyList<ActivityPlan> RaceRanking(IEnumerable<ActivityPlan> racers) =>
        [.. racers
            .OrderByDescending(r => r.Track.FinishedCourse)
            .ThenBy(r => r.Track.FinishedCourse ? r.Track.FinishMs : 0)
            .ThenByDescending(r => r.TrueDistanceM)
            .ThenBy(r => r.Spec.Index)];
}
