using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>
/// Advances a racer along the course from one position to the next, through each of a summary's recent fixes (DESIGN §8):
/// <list type="bullet">
/// <item>the new position is projected onto the course only within a window starting a little behind the progress
/// made so far, so a loop or out-and-back course (the line passing the same place twice) never makes it jump;</item>
/// <item>progress is monotone and never exceeds the distance the racer actually travelled (the summary's cleaned GPS
/// distance) by more than <see cref="RaceStandingsOptions.CutToleranceShare"/> plus
/// <see cref="RaceStandingsOptions.CutToleranceM"/>: a short cut saves the racer metres the course does not credit,
/// and GPS noise sideways to the course does not add any;</item>
/// <item>a racer who rejoins the course further on (after a short cut) is on the course again, still capped by the
/// distance travelled;</item>
/// <item>a position more than <see cref="RaceStandingsOptions.OffCourseM"/> from the course advances nothing; after
/// <see cref="RaceStandingsOptions.OffCourseAfter"/> of that (event time) the racer is off course;</item>
/// <item>the finish is a crossing of the finish line: the first position that projects past the end of the line (the
/// last segment extended), with the crossing time interpolated between it and the previous position; a racer whose
/// device stops short of the line has not finished. Checkpoints and the gap marks are timed the same way.</item>
/// </list>
/// </summary>
public static class CourseProgress
{
    /// <summary>Course distance between two gap marks.</summary>
    public const double MarkIntervalM = 50;

    /// <summary>
    /// Advances through a summary's recent positions (<see cref="ActivitySummary.RecentPositions"/>: the newest accepted
    /// fixes, oldest first) newer than <paramref name="previous"/>'s and then to <paramref name="next"/>'s own, so every
    /// crossing is interpolated between the two samples either side of it. The result is then the same whatever the
    /// summaries' cadence (a summary per sample or one per eight), which it would not be between summary positions alone.
    /// Positions beyond those the summary carries (a gap longer than its recent fixes) are interpolated across, as before.
    /// </summary>
    public static RacerState AdvanceThrough(RacerState previous, RacerState next, IEnumerable<RecentPosition> recent, RaceCourse course,
        RaceStandingsOptions options)
    {
        var state = previous;
        foreach (var fix in recent)
        {
            if (fix.TimeMs <= state.LastSampleMs || fix.TimeMs >= next.LastSampleMs)
            {
                continue;
            }
            state = Advance(state, next.WithProgressOf(state) with { LastSampleMs = fix.TimeMs, Lat = fix.Lat, Lon = fix.Lon }, course, options);
        }
        return Advance(state, next.WithProgressOf(state), course, options);
    }

    public static RacerState Advance(RacerState previous, RacerState next, RaceCourse course, RaceStandingsOptions options)
    {
        if (previous.CrossedFinish)
        {
            return next;
        }
        var fromM = previous.CourseM;
        var fromMs = previous.CourseAtMs > 0 ? previous.CourseAtMs : previous.LastSampleMs;
        if (next.Lat == 0 && next.Lon == 0)
        {
            // A summary without a position (its newest sample carried none) says nothing about the course.
            return next with { CourseAtMs = fromMs };
        }
        var ceilingM = next.DistanceM * (1 + options.CutToleranceShare) + options.CutToleranceM;
        var projection = course.Line.Project(next.Lat, next.Lon, fromM - options.SearchBehindM, Math.Max(ceilingM, fromM) + options.SearchAheadM);
        if (projection.OffsetM > options.OffCourseM)
        {
            // Not near where they should be: back on the course further on (after a short cut) counts as on the
            // course, and the progress it gives stays capped by the distance travelled.
            var ahead = course.Line.Project(next.Lat, next.Lon, fromM - options.SearchBehindM);
            if (ahead.OffsetM <= options.OffCourseM)
            {
                projection = ahead;
            }
        }
        var onCourse = projection.OffsetM <= options.OffCourseM;
        var offSince = onCourse ? 0 : previous.OffCourseSinceMs > 0 ? previous.OffCourseSinceMs : next.LastSampleMs;
        var reachedM = onCourse ? Math.Min(projection.AlongM, ceilingM) : fromM;
        var state = next with { OffCourseSinceMs = offSince, CourseAtMs = fromMs };
        if (reachedM <= fromM)
        {
            return state;
        }
        var toMs = next.LastSampleMs;
        // Times between the two positions as they were, not as capped: a mark at m is passed (m - from) / (to - from)
        // of the way from the previous progress to where this position projects.
        var toM = Math.Max(projection.AlongM, reachedM);
        long TimeAt(double m) => fromMs + (long)Math.Round((m - fromM) / (toM - fromM) * (toMs - fromMs));
        var length = course.LengthM;
        // Crossed: this position is past the line and the distance travelled allows it (a short cut finishes nothing).
        var crossed = reachedM >= length;
        var finishMs = crossed ? TimeAt(length) : 0;
        var checkpoints = previous.CheckpointMs.Length == course.CheckpointM.Count ? (long[])previous.CheckpointMs.Clone() : new long[course.CheckpointM.Count];
        for (var i = 0; i < checkpoints.Length; i++)
        {
            if (checkpoints[i] == 0 && course.CheckpointM[i] > fromM && course.CheckpointM[i] <= reachedM)
            {
                checkpoints[i] = TimeAt(course.CheckpointM[i]);
            }
        }
        var marks = new List<long>(previous.MarksMs);
        for (var m = (marks.Count + 1) * MarkIntervalM; m <= Math.Min(reachedM, length); m += MarkIntervalM)
        {
            marks.Add(TimeAt(m));
        }
        return state with
        {
            CourseM = Math.Min(reachedM, length),
            CourseAtMs = toMs,
            FinishMs = finishMs,
            CheckpointMs = checkpoints,
            MarksMs = [.. marks],
        };
    }

    /// <summary>Event time at which the racer passed course distance <paramref name="m"/>, from their marks; null if not yet.</summary>
    public static long? TimeAt(RacerState racer, double m, double courseLengthM)
    {
        if (m <= 0)
        {
            return racer.StartedAtMs;
        }
        if (racer.CrossedFinish && m >= courseLengthM)
        {
            return racer.FinishMs;
        }
        var index = (int)(m / MarkIntervalM);
        if (index > racer.MarksMs.Length || (index == racer.MarksMs.Length && m > racer.CourseM))
        {
            return null;
        }
        var lowM = index * MarkIntervalM;
        var lowMs = index == 0 ? racer.StartedAtMs : racer.MarksMs[index - 1];
        var (highM, highMs) = index < racer.MarksMs.Length
            ? ((index + 1) * MarkIntervalM, racer.MarksMs[index])
            : racer.CrossedFinish ? (courseLengthM, racer.FinishMs) : (racer.CourseM, racer.LastSampleMs);
        return highM <= lowM ? lowMs : lowMs + (long)Math.Round((m - lowM) / (highM - lowM) * (highMs - lowMs));
    }
}
