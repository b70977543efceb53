using System.Runtime.CompilerServices;

namespace Splitstream.Geo.Tests;

/// <summary>
/// A fix keeps its optional elevation and accuracy in 8 bytes each (every live activity holds all of its fixes in
/// memory) and still reads back exactly what it was given, absent included, the default fix's too.
/// </summary>
public sealed class TrackSampleTests
{
    public static TheoryData<double?> Values => new()
    {
        null, 0.0, -0.0, 1.0, -1.0, 123.456, -427.1, 8_848.86, double.Epsilon, -double.Epsilon, double.MaxValue,
        double.MinValue, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 0.1 + 0.2,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Elevation_and_accuracy_read_back_bit_for_bit_what_they_were_given(double? value)
    {
        var sample = new TrackSample(1_700_000_000_000, 45.5, -73.6, value, value);
        var copy = sample with { Ele = value, Acc = value };

        foreach (var read in new[] { sample.Ele, sample.Acc, copy.Ele, copy.Acc })
        {
            Assert.Equal(value.HasValue, read.HasValue);
            if (value is double expected)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(read!.Value));
            }
        }
        var (timeMs, lat, lon, ele, acc) = sample;
        Assert.Equal((1_700_000_000_000L, 45.5, -73.6, value, value), (timeMs, lat, lon, ele, acc));
    }

    [Fact]
    public void The_default_fix_and_a_NaN_have_no_elevation_or_accuracy()
    {
        Assert.Null(default(TrackSample).Ele);
        Assert.Null(default(TrackSample).Acc);
        Assert.Null(new TrackSample(0, 0, 0, double.NaN, double.NaN).Ele);
        Assert.Null((default(TrackSample) with { Acc = double.NaN }).Acc);
        Assert.Equal(default, new TrackSample(0, 0, 0, null, null));
    }

    [Fact]
    public void Fixes_are_equal_by_value_as_before_and_take_40_bytes()
    {
        Assert.Equal(new TrackSample(5, 1, 2, 0.0, 3), new TrackSample(5, 1, 2, -0.0, 3));
        Assert.Equal(new TrackSample(5, 1, 2, 0.0, 3).GetHashCode(), new TrackSample(5, 1, 2, -0.0, 3).GetHashCode());
        Assert.NotEqual(new TrackSample(5, 1, 2, 0.0, 3), new TrackSample(5, 1, 2, null, 3));
        Assert.NotEqual(new TrackSample(5, 1, 2, 4, null), new TrackSample(5, 1, 2, 4, 0.0));
        Assert.Equal(40, Unsafe.SizeOf<TrackSample>());
    }
}
