namespace Splitstream.Geo;

/// <summary>How the distance between consecutive points is measured.</summary>
public enum DistanceModel
{
    /// <summary>Shortest path on the WGS-84 ellipsoid (Karney). The default and the contract of DESIGN.md §4.</summary>
    Geodesic = 0,

    /// <summary>Great circle on a sphere of mean radius; up to ~0.5% off the geodesic.</summary>
    Haversine = 1,
}
