using Splitstream.Geo;
using Splitstream.Schemas.Sports;
using Splitstream.Schemas.V1;
using BestEffort = Splitstream.Schemas.V1.BestEffort;
using Split = Splitstream.Schemas.V1.Split;

namespace Splitstream.Processors.Metrics;

/// <summary>Maps fold results onto the output messages (DESIGN §5 summary fields, §2 window metrics).</summary>
public static class ActivityOutputs
{
    public static ActivitySummary Summary(ActivityTimeline timeline, ActivityInfo info, ActivityMetrics metrics)
    {
        var summary = new ActivitySummary
        {
            ActivityId = timeline.ActivityId,
            UserId = info.UserId,
            Sport = info.WireSport,
            Status = timeline.Status,
            StartedAtMs = info.StartedAtMs,
            DistanceM = metrics.DistanceM,
            MovingTimeS = metrics.MovingTimeS,
            ElapsedTimeS = metrics.ElapsedTimeS,
            AvgPaceSPerKm = metrics.AvgPaceSPerKm ?? 0,
            AvgSpeedMps = metrics.AvgSpeedMps,
            MaxSpeedMps = metrics.MaxSpeedMps,
            ElevationGainM = metrics.ElevationGainM,
            PointsCount = metrics.PointsCount,
            Polyline = metrics.Polyline,
            RaceId = info.RaceId,
            Country = info.Country,
            FirstSampleMs = metrics.FirstTimeMs ?? 0,
            LastSampleMs = metrics.LastTimeMs ?? 0,
            OutliersRejected = metrics.OutliersRejected,
        };
        if (metrics.HrAvg is double hrAvg)
        {
            summary.HrAvg = hrAvg;
        }
        if (metrics.HrMax is int hrMax)
        {
            summary.HrMax = hrMax;
        }
        foreach (var split in metrics.Splits)
        {
            summary.Splits.Add(new Split { Km = split.Km, TimeS = split.TimeS, PaceSPerKm = split.PaceSPerKm });
        }
        foreach (var effort in metrics.BestEfforts)
        {
            summary.BestEfforts.Add(new BestEffort { Name = effort.Name, DistanceM = effort.DistanceM, TimeS = effort.TimeS });
        }
        if (metrics.LastTimeMs is long last && FindPoint(timeline.Points, last) is { } newest)
        {
            summary.LastLat = newest.Lat;
            summary.LastLon = newest.Lon;
        }
        foreach (var fix in metrics.RecentAccepted)
        {
            summary.RecentPositions.Add(new RecentPosition { TimeMs = fix.TimeMs, Lat = fix.Lat, Lon = fix.Lon });
        }
        SensorOnlySummary.Apply(summary, timeline);
        if (info.Manual is { } manual && SportRegistry.TryGet(info.WireSport, out var sport))
        {
            // Logged by hand: the entry's figures, whatever points may have been sent to the id since.
            ClearMeasured(summary);
            sport.Summarize(manual, summary);
        }
        return summary;
    }

    private static void ClearMeasured(ActivitySummary summary)
    {
        summary.ClearHrAvg();
        summary.ClearHrMax();
        summary.Splits.Clear();
        summary.BestEfforts.Clear();
        summary.Polyline = "";
        summary.PointsCount = 0;
        summary.ElevationGainM = 0;
        summary.LastLat = 0;
        summary.LastLon = 0;
        summary.RecentPositions.Clear();
        summary.OutliersRejected = 0;
    }

    public static WindowMetrics Window(string activityId, WindowAggregate window, long sizeMs)
    {
        var metrics = new WindowMetrics
        {
            ActivityId = activityId,
            WindowStartMs = window.WindowStartMs,
            WindowEndMs = window.WindowStartMs + sizeMs,
            DistanceM = window.DistanceM,
            MovingTimeS = window.MovingTimeS,
            PaceSPerKm = window.AvgPaceSPerKm ?? 0,
            Samples = window.SampleCount,
        };
        if (window.AvgHr is double hr)
        {
            metrics.HrAvg = hr;
        }
        return metrics;
    }

    /// <summary>The point at <paramref name="timeMs"/> (the newest accepted one: outliers are in the timeline too).</summary>
    private static TrackSample? FindPoint(IReadOnlyList<TrackSample> points, long timeMs)
    {
        int lo = 0, hi = points.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var t = points[mid].TimeMs;
            if (t == timeMs)
            {
                return points[mid];
            }
            if (t < timeMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return null;
    }
}
