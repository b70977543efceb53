using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Heart rate joined to GPS by time: the nearest sample within 2 s (DESIGN §4), else none.</summary>
public static class HeartRateJoin
{
    public const long ToleranceMs = 2_000;

    /// <summary>For each GPS point (time-ordered), the nearest heart-rate sample's bpm; both inputs time-ordered.</summary>
    public static int?[] Nearest(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate)
    {
        var joined = new int?[gps.Count];
        var h = 0;
        for (var g = 0; g < gps.Count && heartRate.Count > 0; g++)
        {
            var t = gps[g].TimeMs;
            while (h + 1 < heartRate.Count && Math.Abs(heartRate[h + 1].TimeMs - t) <= Math.Abs(heartRate[h].TimeMs - t))
            {
                h++;
            }
            if (Math.Abs(heartRate[h].TimeMs - t) <= ToleranceMs)
            {
                joined[g] = heartRate[h].Bpm;
            }
        }
        return joined;
    }
}
