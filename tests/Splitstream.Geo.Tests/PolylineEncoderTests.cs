namespace Splitstream.Geo.Tests;

public sealed class PolylineEncoderTests
{
    private static readonly (double, double)[] GoogleExample = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)];

    [Fact]
    public void Encodes_Googles_documented_example()
    {
        Assert.Equal("_p~iF~ps|U_ulLnnqC_mqNvxq`@", PolylineEncoder.Encode(GoogleExample));
    }

    [Fact]
    public void Incremental_encoding_equals_batch_encoding()
    {
        var encoder = new PolylineEncoder();
        var prefix = encoder.Clone();
        foreach (var (lat, lon) in GoogleExample) encoder.Append(lat, lon);
        Assert.Equal(PolylineEncoder.Encode(GoogleExample), encoder.ToString());
        Assert.Equal("", prefix.ToString()); // clones are independent
        Assert.Equal(3, encoder.PointCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Round_trips_random_points_to_1e_5_degrees(int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, 500)
            .Select(_ => (random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180))
            .ToArray();
        var decoded = PolylineEncoder.Decode(PolylineEncoder.Encode(points));
        Assert.Equal(points.Length, decoded.Count);
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].Item1, decoded[i].Lat, 0.5e-5 + 1e-12);
            Assert.Equal(points[i].Item2, decoded[i].Lon, 0.5e-5 + 1e-12);
        }
    }

    [Fact]
    public void AppendIfDistinct_skips_points_that_round_to_the_previous_one()
    {
        var encoder = new PolylineEncoder();
        Assert.True(encoder.AppendIfDistinct(45.0, 7.0));
        Assert.False(encoder.AppendIfDistinct(45.000001, 7.000001));
        Assert.True(encoder.AppendIfDistinct(45.00002, 7.0));
        Assert.Equal(2, PolylineEncoder.Decode(encoder.ToString()).Count);
    }

    [Theory]
    [InlineData("_p~iF~ps|")] // truncated inside a value
    [InlineData("_p~iF ~ps|U")] // space is below the alphabet
    public void Decode_rejects_malformed_input(string text)
    {
        Assert.Throws<FormatException>(() => PolylineEncoder.Decode(text));
    }
}
