namespace Splitstream.Geo.Tests;

public sealed class HaversineTests(ITestOutputHelper output)
{
    /// <summary>
    /// On a short segment the sphere/ellipsoid ratio is R / M(lat) going north and R / N(lat) going east (M, N: the
    /// meridional and prime-vertical radii of curvature), computed here from a and f independently of the library.
    /// </summary>
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.0, 90.0)]
    [InlineData(45.0, 0.0)]
    [InlineData(45.0, 90.0)]
    [InlineData(80.0, 0.0)]
    [InlineData(-60.0, 90.0)]
    public void Haversine_differs_from_the_geodesic_by_the_radius_of_curvature_ratio(double latitude, double azimuth)
    {
        const double a = 6378137.0, f = 1 / 298.257223563;
        double e2 = f * (2 - f);
        double sin = Math.Sin(latitude * Math.PI / 180);
        double n = a / Math.Sqrt(1 - e2 * sin * sin);
        double m = a * (1 - e2) / Math.Pow(1 - e2 * sin * sin, 1.5);
        double expectedRatio = Haversine.MeanEarthRadiusM / (azimuth == 0 ? m : n);

        // A 200 m segment centred on the latitude, so the radii at its midpoint apply.
        var start = Geodesic.Direct(latitude, 20, azimuth + 180, 100);
        var end = Geodesic.Direct(latitude, 20, azimuth, 100);
        double ratio = Haversine.Distance(start.Lat, start.Lon, end.Lat, end.Lon) / Geodesic.Distance(start.Lat, start.Lon, end.Lat, end.Lon);

        output.WriteLine($"lat {latitude} azimuth {azimuth}: haversine/geodesic = {ratio:F6} (expected {expectedRatio:F6})");
        Assert.Equal(expectedRatio, ratio, 1e-6);
    }

    [Fact]
    public void Haversine_is_off_by_up_to_half_a_percent_on_a_long_north_south_track()
    {
        var track = GroundTruthTrack.Build(0.0, 5.0, 0.0, 2_200, seed: 1, speedMps: 3000, minLegM: 1e12, maxLegM: 1e12);
        double geodesic = GroundTruthTrack.PointToPointLength(track.Samples);
        double haversine = 0;
        for (int i = 1; i < track.Samples.Count; i++)
        {
            haversine += Haversine.Distance(track.Samples[i - 1].Lat, track.Samples[i - 1].Lon, track.Samples[i].Lat, track.Samples[i].Lon);
        }

        double difference = (haversine - geodesic) / geodesic;
        output.WriteLine($"equator -> {track.Samples[^1].Lat:F2}N along a meridian: geodesic {geodesic:F0} m, haversine {haversine:F0} m, difference {difference:P3}");
        Assert.InRange(difference, 0.001, 0.006);
    }

    [Fact]
    public void Fold_uses_the_selected_distance_model()
    {
        var track = GroundTruthTrack.Build(10.0, 5.0, 0.0, 1_200, seed: 2, minLegM: 1e12, maxLegM: 1e12);
        var geodesic = FoldRunner.Fold(track.Samples, options: ActivityMetricsOptions.Of(smoothing: false));
        var haversine = FoldRunner.Fold(track.Samples, options: ActivityMetricsOptions.Of(distanceModel: DistanceModel.Haversine, smoothing: false));

        double sphereSum = 0;
        for (int i = 1; i < track.Samples.Count; i++)
        {
            sphereSum += Haversine.Distance(track.Samples[i - 1].Lat, track.Samples[i - 1].Lon, track.Samples[i].Lat, track.Samples[i].Lon);
        }
        Assert.Equal(sphereSum, haversine.DistanceM, 6);
        Assert.Equal(GroundTruthTrack.PointToPointLength(track.Samples), geodesic.DistanceM, 6);
        Assert.NotEqual(geodesic.DistanceM, haversine.DistanceM, 1);
    }
}
