using Splitstream.Geo;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Fastest efforts over fixed distances, computed from the stored points (not from whole-km splits).</summary>
public static class PersonalBests
{
    public static IReadOnlyList<(string Name, double DistanceM)> Distances { get; } = [("1km", 1_000), ("5km", 5_000), ("10km", 10_000)];

    /// <summary>
    /// The shortest elapsed time between two points of the track whose cumulative distance apart is at least
    /// <paramref name="distanceM"/>; null when the track is shorter. Two pointers over cumulative distance: O(n).
    /// </summary>
    public static double? FastestS(IReadOnlyList<GpsPoint> track, double distanceM)
    {
        if (track.Count < 2)
        {
            return null;
        }
        var cumulative = new double[track.Count];
        for (var k = 1; k < track.Count; k++)
        {
            cumulative[k] = cumulative[k - 1] + Geodesic.Distance(track[k - 1].Lat, track[k - 1].Lon, track[k].Lat, track[k].Lon);
        }
        double? best = null;
        var i = 0;
        for (var j = 1; j < track.Count; j++)
        {
            // Move the start up while the stretch still covers the distance: the shortest covering stretch ending at j.
            while (i + 1 < j && cumulative[j] - cumulative[i + 1] >= distanceM)
            {
                i++;
            }
            if (cumulative[j] - cumulative[i] >= distanceM)
            {
                var seconds = (track[j].TimeMs - track[i].TimeMs) / 1000.0;
                if (best is null || seconds < best)
                {
                    best = seconds;
                }
            }
        }
        return best;
    }
}
