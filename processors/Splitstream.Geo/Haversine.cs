namespace Splitstream.Geo;

/// <summary>
/// Great-circle distance on a sphere of the IUGG mean Earth radius. Kept as a selectable model because the original
/// notes named it; it is off from the ellipsoidal geodesic by up to about 0.5% (most on north-south paths).
/// </summary>
public static class Haversine
{
    /// <summary>IUGG mean radius R1 = (2a + b) / 3 of WGS-84, in metres.</summary>
    public const double MeanEarthRadiusM = 6371008.8;

    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        const double toRad = Math.PI / 180;
        double dLat = (lat2 - lat1) * toRad;
        double dLon = (lon2 - lon1) * toRad;
        double sinLat = Math.Sin(dLat / 2);
        double sinLon = Math.Sin(dLon / 2);
        double h = sinLat * sinLat + Math.Cos(lat1 * toRad) * Math.Cos(lat2 * toRad) * sinLon * sinLon;
        // Clamp: rounding can push h a hair above 1 for antipodal points, and Asin would return NaN.
        return 2 * MeanEarthRadiusM * Math.Asin(Math.Sqrt(Math.Min(1.0, h)));
    }
}
