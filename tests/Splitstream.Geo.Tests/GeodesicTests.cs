namespace Splitstream.Geo.Tests;

public sealed class GeodesicTests(ITestOutputHelper output)
{
    private static readonly double[] Distances = [0.5, 3, 10, 35, 99.9, 100.1, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 19_990_000];

    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(45.0)]
    [InlineData(60.0)]
    [InlineData(80.0)]
    [InlineData(-45.0)]
    [InlineData(84.999)] // edge of the fast path
    public void Inverse_matches_GeographicLib_at_every_heading_and_length(double latitude)
    {
        var queries = (from heading in Enumerable.Range(0, 24).Select(i => i * 15.0 + 0.3)
                       from distance in Distances
                       select (latitude, 7.25, heading, distance)).ToList();
        var ends = GeographicLibReference.Direct(queries);
        var pairs = ends.Select(e => (latitude, 7.25, e.Lat, e.Lon)).ToList();
        var reference = GeographicLibReference.Inverse(pairs);

        double maxAbsErrorM = 0, maxAzimuthErrorDeg = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (lat1, lon1, lat2, lon2) = pairs[i];
            var ours = Geodesic.Inverse(lat1, lon1, lat2, lon2);
            // Distance takes the short-segment fast path for the lengths up to 100 m: it must agree just as well.
            double error = Math.Max(Math.Abs(ours.DistanceM - reference[i].DistanceM),
                Math.Abs(Geodesic.Distance(lat1, lon1, lat2, lon2) - reference[i].DistanceM));
            maxAbsErrorM = Math.Max(maxAbsErrorM, error);
            Assert.True(error <= Math.Max(1e-3, 1e-6 * reference[i].DistanceM) && error <= 1e-6,
                $"({lat1}, {lon1}) -> ({lat2}, {lon2}): {ours.DistanceM} vs {reference[i].DistanceM}");
            double azimuthError = Math.Max(AngleError(ours.InitialAzimuthDeg, reference[i].InitialAzimuthDeg),
                AngleError(ours.FinalAzimuthDeg, reference[i].FinalAzimuthDeg));
            maxAzimuthErrorDeg = Math.Max(maxAzimuthErrorDeg, azimuthError);
            Assert.True(AzimuthAgrees(azimuthError, reference[i].DistanceM), $"azimuth error {azimuthError} deg at {reference[i].DistanceM} m");
        }
        output.WriteLine($"lat {latitude}: {pairs.Count} segments 0.5 m..19,990 km, max |Inverse or Distance - GeographicLib| = {maxAbsErrorM * 1e9:F3} nm, max azimuth error {maxAzimuthErrorDeg:E2} deg");
    }

    [Fact]
    public void Inverse_matches_GeographicLib_for_random_and_nearly_antipodal_pairs()
    {
        var random = new Random(20240611);
        var pairs = new List<(double, double, double, double)>();
        for (int i = 0; i < 3000; i++)
        {
            double lat1 = random.NextDouble() * 180 - 90, lon1 = random.NextDouble() * 360 - 180;
            pairs.Add(i % 3 == 0
                // Nearly antipodal: where Vincenty fails to converge.
                ? (lat1, lon1, Math.Clamp(-lat1 + (random.NextDouble() - 0.5) * 0.5, -90, 90), lon1 + 180 + (random.NextDouble() - 0.5) * 0.5)
                : (lat1, lon1, random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180));
        }
        pairs.Add((0, 0, 0, 180));   // equatorial antipodes
        pairs.Add((90, 0, -90, 0));  // pole to pole
        pairs.Add((10, 20, 10, 20)); // coincident
        var reference = GeographicLibReference.Inverse(pairs);

        double maxError = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (lat1, lon1, lat2, lon2) = pairs[i];
            double error = Math.Abs(Geodesic.Distance(lat1, lon1, lat2, lon2) - reference[i].DistanceM);
            maxError = Math.Max(maxError, error);
            Assert.True(error < 1e-6, $"({lat1}, {lon1}) -> ({lat2}, {lon2}): error {error} m");
        }
        output.WriteLine($"{pairs.Count} random/antipodal pairs: max error {maxError * 1e9:F3} nm");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(45.0)]
    [InlineData(60.0)]
    [InlineData(80.0)]
    [InlineData(-45.0)]
    public void Direct_matches_GeographicLib_and_round_trips_through_Inverse(double latitude)
    {
        var queries = (from heading in Enumerable.Range(0, 12).Select(i => i * 30.0 - 179.5)
                       from distance in Distances
                       select (latitude, -122.5, heading, distance)).ToList();
        var reference = GeographicLibReference.Direct(queries);

        double maxPositionErrorM = 0, maxRoundTripErrorM = 0;
        for (int i = 0; i < queries.Count; i++)
        {
            var (lat1, lon1, azimuth, distance) = queries[i];
            var ours = Geodesic.Direct(lat1, lon1, azimuth, distance);
            double positionError = Geodesic.Distance(ours.Lat, ours.Lon, reference[i].Lat, reference[i].Lon);
            maxPositionErrorM = Math.Max(maxPositionErrorM, positionError);
            Assert.True(positionError < 1e-6, $"Direct({lat1}, {lon1}, {azimuth}, {distance}) off by {positionError} m");
            Assert.True(AzimuthAgrees(AngleError(ours.FinalAzimuthDeg, reference[i].FinalAzimuthDeg), distance));

            if (distance < 19_000_000) // the inverse of a near-antipodal direct is another (shorter) geodesic
            {
                var back = Geodesic.Inverse(lat1, lon1, ours.Lat, ours.Lon);
                maxRoundTripErrorM = Math.Max(maxRoundTripErrorM, Math.Abs(back.DistanceM - distance));
                Assert.True(Math.Abs(back.DistanceM - distance) < 1e-6, $"round trip of {distance} m off by {back.DistanceM - distance} m");
                Assert.True(AzimuthAgrees(AngleError(back.InitialAzimuthDeg, azimuth), distance),
                    $"round trip azimuth {back.InitialAzimuthDeg} vs {azimuth} at {distance} m");
            }
        }
        output.WriteLine($"lat {latitude}: Direct max position error {maxPositionErrorM * 1e9:F3} nm, round trip {maxRoundTripErrorM * 1e9:F3} nm");
    }

    [Fact]
    public void Distance_does_not_allocate()
    {
        Geodesic.Distance(45, 7, 45.001, 7.001); // JIT and static set-up first
        // The runtime allocates on the calling thread now and then (ci104: 120 bytes once, the call that queues the
        // method for tier-1 compilation): one round of 1,000 calls that allocates nothing shows Distance allocates
        // nothing, where an allocation per call would show in every round.
        var rounds = new List<long>();
        double sum = 0;
        for (int round = 0; round < 5 && !rounds.Contains(0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) sum += Geodesic.Distance(45, 7, 45 + i * 1e-5, 7.001);
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(sum > 0);
        Assert.True(rounds.Contains(0), $"bytes allocated per round of 1,000 calls: {string.Join(", ", rounds)}");
    }

    private static double AngleError(double a, double b) => Math.Abs(Math.IEEERemainder(a - b, 360));

    /// <summary>
    /// Azimuths agree when the difference would move the far end by less than 10 nm (plus 1e-9 deg): coordinates carry
    /// ~1e-9 m of rounding, so a 0.5 m line's azimuth is only defined to ~1e-7 deg by its own inputs.
    /// </summary>
    private static bool AzimuthAgrees(double errorDeg, double distanceM) =>
        errorDeg < 1e-9 + 1e-8 / Math.Max(distanceM, 1e-3) * (180 / Math.PI);
}
