namespace Splitstream.Geo;

/// <summary>
/// Local east/north plane (metres) anchored at an activity's first point, using the ellipsoid's radii of curvature at
/// the anchor. It is linear and exactly invertible, so the smoother can work in metres while distances are still
/// measured geodesically on the round-tripped latitudes and longitudes; its distortion (well under 1% within 100 km
/// at non-polar latitudes) only shapes the smoothing, never the measured distance.
/// </summary>
internal readonly struct LocalFrame
{
    private readonly double _originLat;
    private readonly double _originLon;
    private readonly double _metresPerDegreeLat;
    private readonly double _metresPerDegreeLon;

    public LocalFrame(double originLat, double originLon)
    {
        _originLat = originLat;
        _originLon = originLon;
        double phi = originLat * (Math.PI / 180);
        double sin = Math.Sin(phi);
        double w2 = 1 - Geodesic.Flattening * (2 - Geodesic.Flattening) * sin * sin;
        double primeVertical = Geodesic.EquatorialRadiusM / Math.Sqrt(w2);
        double meridional = primeVertical * (1 - Geodesic.Flattening * (2 - Geodesic.Flattening)) / w2;
        _metresPerDegreeLat = meridional * (Math.PI / 180);
        // Floor near the poles keeps the east axis invertible; polar tracks are out of scope for the smoother.
        _metresPerDegreeLon = Math.Max(primeVertical * Math.Cos(phi), 1.0) * (Math.PI / 180);
    }

    public void ToLocal(double lat, double lon, out double east, out double north)
    {
        east = GeoMath.AngNormalize(lon - _originLon) * _metresPerDegreeLon;
        north = (lat - _originLat) * _metresPerDegreeLat;
    }

    public void ToGeographic(double east, double north, out double lat, out double lon)
    {
        lat = _originLat + north / _metresPerDegreeLat;
        lon = GeoMath.AngNormalize(_originLon + east / _metresPerDegreeLon);
    }
}
