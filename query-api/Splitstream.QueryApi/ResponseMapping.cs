using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Stored records to response bodies.</summary>
public static class ResponseMapping
{
    public static ActivityResponse ToResponse(ActivityRecord activity)
    {
        // The status from lifecycle events may be newer than the last summary (a stop arrives before the final summary).
        var started = DateTimeOffset.FromUnixTimeMilliseconds(activity.StartedAtMs);
        if (activity.ReadSummary() is not { } s)
        {
            return new ActivityResponse(activity.ActivityId, activity.UserId, activity.Sport, activity.Status, started, 0, 0, 0, 0, 0, 0, 0,
                null, null, 0, "", [], [], Empty(activity.RaceId), Empty(activity.Country));
        }
        return new ActivityResponse(activity.ActivityId, activity.UserId, activity.Sport, activity.Status, started, s.DistanceM,
            s.MovingTimeS, s.ElapsedTimeS, s.AvgPaceSPerKm, s.AvgSpeedMps, s.MaxSpeedMps, s.ElevationGainM,
            s.HasHrAvg ? s.HrAvg : null, s.HasHrMax ? s.HrMax : null, s.PointsCount, s.Polyline,
            [.. s.Splits.Select(x => new SplitResponse(x.Km, x.TimeS, x.PaceSPerKm))],
            [.. s.BestEfforts.Select(e => new BestEffortResponse(e.Name, e.DistanceM, e.TimeS))], Empty(activity.RaceId), Empty(activity.Country),
            s.Manual, s.Exercises.Count > 0 ? s.VolumeKg : null, Empty(s.Notes),
            s.Exercises.Count > 0 ? [.. s.Exercises.Select(e => new ExerciseResponse(e.Name, e.Sets, e.Reps, e.VolumeKg))] : null);
    }

    public static ActivityListItem ToListItem(ActivityRecord a) => new(a.ActivityId, a.Sport, a.Status,
        DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs), a.DistanceM, a.MovingTimeS, a.ElapsedTimeS);

    public static WindowResponse ToResponse(WindowRecord w) => new(DateTimeOffset.FromUnixTimeMilliseconds(w.WindowStartMs),
        DateTimeOffset.FromUnixTimeMilliseconds(w.WindowEndMs), w.DistanceM, w.MovingTimeS, w.PaceSPerKm, w.HrAvg, w.Samples);

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
