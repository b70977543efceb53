namespace Splitstream.Geo.Tests;

public sealed class SportTests
{
    [Theory]
    [InlineData("run", Sport.Run)]
    [InlineData("RIDE", Sport.Ride)]
    [InlineData(" walk ", Sport.Walk)]
    [InlineData("Hike", Sport.Hike)]
    public void Parses_wire_names(string text, Sport expected)
    {
        Assert.True(SportParser.TryParse(text, out var sport));
        Assert.Equal(expected, sport);
        Assert.Equal(text.Trim().ToLowerInvariant(), sport.ToWireName());
    }

    [Theory]
    [InlineData("swim")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    public void Rejects_unknown_sports(string? text)
    {
        Assert.False(SportParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(Sport.Run)]
    [InlineData(Sport.Ride)]
    [InlineData(Sport.Walk)]
    [InlineData(Sport.Hike)]
    public void Every_sport_has_a_profile_whose_pause_threshold_is_below_its_ceiling(Sport sport)
    {
        var profile = SportProfile.For(sport);
        Assert.Equal(sport, profile.Sport);
        Assert.InRange(profile.AutoPauseSpeedMps, 0.1, profile.MaxPlausibleSpeedMps / 3);
    }
}
