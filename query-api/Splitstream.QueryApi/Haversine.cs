namespace Splitstream.QueryApi;

/// <summary>
/// Great-circle distance on a sphere of the mean Earth radius. A stand-in: DESIGN §4 asks for geodesic distance on
/// WGS-84 (the shared Geo library being built elsewhere); personal bests move to it once it lands. Haversine is off
/// by up to ~0.5%, which can shift which stretch counts as the fastest 1 km, never the stored points.
/// </summary>
public static class Haversine
{
    private const double EarthRadiusM = 6_371_008.8;

    public static double DistanceM(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
