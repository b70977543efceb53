namespace Splitstream.Geo;

/// <summary>Dispatches a point-to-point distance to the selected <see cref="DistanceModel"/>.</summary>
public static class GeoDistance
{
    public static double Between(DistanceModel model, double lat1, double lon1, double lat2, double lon2) =>
        model == DistanceModel.Haversine
            ? Haversine.Distance(lat1, lon1, lat2, lon2)
            : Geodesic.Distance(lat1, lon1, lat2, lon2);
}
