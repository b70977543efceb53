namespace Splitstream.Geo.Tests;

public sealed class HeartRateJoinTests
{
    private static readonly HeartRateSample[] Samples = [new(1_000, 100), new(3_000, 130), new(10_000, 150)];

    [Theory]
    [InlineData(1_000, 100)]   // exact
    [InlineData(1_900, 100)]   // nearer to the earlier
    [InlineData(2_000, 100)]   // tie: the earlier sample wins
    [InlineData(2_100, 130)]
    [InlineData(5_000, 130)]   // exactly 2 s away: still joined
    [InlineData(8_000, 150)]
    [InlineData(12_000, 150)]
    [InlineData(-1_000, 100)]
    public void Joins_the_nearest_sample_within_2_s(long timeMs, int expectedBpm)
    {
        Assert.Equal(expectedBpm, HeartRateJoin.Nearest(Samples, timeMs, 2_000));
    }

    [Theory]
    [InlineData(5_001)]
    [InlineData(7_999)]
    [InlineData(12_001)]
    [InlineData(-1_001)]
    public void Returns_null_beyond_the_tolerance(long timeMs)
    {
        Assert.Null(HeartRateJoin.Nearest(Samples, timeMs, 2_000));
    }

    [Fact]
    public void Returns_null_without_samples()
    {
        Assert.Null(HeartRateJoin.Nearest([], 0, 2_000));
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1_000, true)]
    [InlineData(1_999, true)]
    [InlineData(2_000, false)]
    [InlineData(5_500, true)]
    [InlineData(9_000, false)]
    public void Explicit_pauses_are_half_open(long timeMs, bool expected)
    {
        TimeInterval[] pauses = [new(1_000, 2_000), new(5_000, 6_000)];
        Assert.Equal(expected, ExplicitPauses.Contains(pauses, timeMs));
    }
}
