using Geodesic = Splitstream.Geo.Geodesic;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>Builders for the records the tests store: unique ids per call so tests sharing a store never collide.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);

    public static string NewId(string prefix = "act") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A straight run north along a meridian at <paramref name="speedMps"/> (on the WGS-84 ellipsoid), one point per second, with elevation on even seconds.</summary>
    public static List<GpsPoint> Track(string activityId, int points, double speedMps = 3.0, long startMs = 0)
    {
        var start = startMs == 0 ? Start.ToUnixTimeMilliseconds() : startMs;
        var track = new List<GpsPoint>(points);
        for (var i = 0; i < points; i++)
        {
            var lat = Geodesic.Direct(45.0, -73.5, 0, i * speedMps).Lat;
            track.Add(new GpsPoint(activityId, start + i * 1000L, lat, -73.5,
                i % 2 == 0 ? 30.0 + i * 0.1 : null, i % 3 == 0 ? 4.5 : null));
        }
        return track;
    }

    public static List<HeartRatePoint> HeartRate(string activityId, int points, long startMs = 0, int everyMs = 1000)
    {
        var start = startMs == 0 ? Start.ToUnixTimeMilliseconds() : startMs;
        return Enumerable.Range(0, points).Select(i => new HeartRatePoint(activityId, start + i * (long)everyMs, 120 + i % 40)).ToList();
    }

    public static ActivitySummary Summary(string activityId, string userId, double distanceM = 5000, string sport = "run",
        string status = "finished", long? startedAtMs = null) => new()
    {
        ActivityId = activityId,
        UserId = userId,
        Sport = sport,
        Status = status,
        StartedAtMs = startedAtMs ?? Start.ToUnixTimeMilliseconds(),
        DistanceM = distanceM,
        MovingTimeS = distanceM / 3.0,
        ElapsedTimeS = distanceM / 3.0 + 30,
        AvgPaceSPerKm = 1000 / 3.0,
        AvgSpeedMps = 3.0,
        MaxSpeedMps = 4.2,
        ElevationGainM = 12.5,
        HrAvg = 141.5,
        HrMax = 171,
        PointsCount = (long)(distanceM / 3.0),
        Polyline = "_p~iF~ps|U_ulLnnqC",
        Splits = { new Split { Km = 1, TimeS = 333.3, PaceSPerKm = 333.3 } },
        Country = "CA",
    };

    /// <summary>The summary with these best efforts (name, distance, time), as the metrics topology would carry them.</summary>
    public static ActivitySummary WithEfforts(ActivitySummary summary, params (string Name, double DistanceM, double TimeS)[] efforts)
    {
        foreach (var (name, distance, time) in efforts)
        {
            summary.BestEfforts.Add(new BestEffort { Name = name, DistanceM = distance, TimeS = time });
        }
        return summary;
    }

    public static ActivityEvent Started(string activityId, string userId, long atMs, string sport = "run") => new()
    {
        ActivityId = activityId,
        EventTimeMs = atMs,
        Started = new Started { UserId = userId, Sport = sport, Country = "CA" },
    };

    public static WindowMetrics Window(string activityId, int minute, double distanceM, double? hrAvg = 140)
    {
        var start = Start.ToUnixTimeMilliseconds() + minute * 60_000L;
        var window = new WindowMetrics
        {
            ActivityId = activityId, WindowStartMs = start, WindowEndMs = start + 60_000, DistanceM = distanceM,
            MovingTimeS = 60, PaceSPerKm = distanceM > 0 ? 60 / (distanceM / 1000) : 0, Samples = 60,
        };
        if (hrAvg is { } hr)
        {
            window.HrAvg = hr;
        }
        return window;
    }
}
