using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("45", 45)]
    [InlineData("500ms", 0.5)]
    [InlineData("0:10:00", 600)]
    public void Parses_units(string text, double seconds) => Assert.Equal(seconds, DurationParser.Parse(text).TotalSeconds, 9);

    [Theory]
    [InlineData("ten minutes")]
    [InlineData("-5m")]
    [InlineData("")]
    public void Rejects_nonsense(string text) => Assert.Throws<FormatException>(() => DurationParser.Parse(text));
}
