using Splitstream.Schemas;

namespace Splitstream.Notifications.Tests;

/// <summary>The build runs with InvariantGlobalization=true: IANA zones must still resolve (from the system's tzdata, not ICU).</summary>
public sealed class LocalCalendarTests
{
    [Theory]
    [InlineData("Europe/Berlin", 1)]
    [InlineData("America/Los_Angeles", -8)]
    [InlineData("Pacific/Auckland", 13)]
    [InlineData("Asia/Kolkata", 5.5)]
    [InlineData("UTC", 0)]
    public void Iana_zones_resolve_with_invariant_globalization_and_have_their_November_offsets(string id, double hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        Assert.Equal(TimeSpan.FromHours(hours), zone.GetUtcOffset(new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc)));
        Assert.True(LocalCalendar.TryFind(id, out _));
    }

    [Fact]
    public void An_unknown_zone_is_not_found_and_counts_as_utc()
    {
        Assert.False(LocalCalendar.TryFind("Mars/Olympus_Mons", out _));
        Assert.Equal(TimeZoneInfo.Utc, LocalCalendar.Zone("Mars/Olympus_Mons"));
    }

    [Fact]
    public void A_Sunday_evening_in_Los_Angeles_is_in_that_weeks_local_week_though_it_is_Monday_in_UTC()
    {
        var la = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var sundayEvening = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(); // Sun 29 Nov 18:00 PST
        var week = LocalCalendar.WeekOf(sundayEvening, la);
        Assert.Equal("2026-W48", week.Key);
        Assert.Equal("2026-W49", BoardIds.IsoWeek(sundayEvening));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), week.StartMs); // Mon 00:00 PST
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), week.EndMs);
    }

    [Fact]
    public void A_week_holding_a_daylight_saving_change_is_an_hour_longer_or_shorter()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 2026-W13 holds the spring change (29 March): 167 hours.
        var spring = LocalCalendar.WeekOf(new DateTimeOffset(2026, 3, 26, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), berlin);
        Assert.Equal(TimeSpan.FromHours(167), TimeSpan.FromMilliseconds(spring.EndMs - spring.StartMs));
    }
}
