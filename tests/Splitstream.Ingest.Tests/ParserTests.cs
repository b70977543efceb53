using System.Text;

namespace Splitstream.Ingest.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("2026-11-21T08:00:00Z", 1795248000000L)]
    [InlineData("2026-11-21T08:00:00.250Z", 1795248000250L)]
    [InlineData("2026-11-21T10:00:00+02:00", 1795248000000L)]
    [InlineData("2026-11-21t08:00:00z", 1795248000000L)]
    public void Rfc3339_times_become_epoch_milliseconds(string text, long expected)
    {
        Assert.True(Rfc3339.TryParseEpochMs(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("2026-11-21T08:00:00")]
    [InlineData("2026-11-21 08:00:00Z")]
    [InlineData("21/11/2026")]
    [InlineData("")]
    [InlineData("2026-13-21T08:00:00Z")]
    public void Times_without_an_offset_or_not_RFC_3339_are_refused(string text) =>
        Assert.False(Rfc3339.TryParseEpochMs(text, out _));

    [Fact]
    public void Json_parser_reads_seq_both_time_forms_and_optional_fields_and_ignores_unknown_ones()
    {
        var json = """{"seq":7,"device":{"model":"x"},"samples":[{"t":"2026-11-21T08:00:00Z","lat":1.5,"lon":-2.5,"ele":null,"extra":[1]},{"t":1795248001000,"hr":150}]}""";

        var outcome = JsonSampleParser.Parse(Encoding.UTF8.GetBytes(json), 10);

        Assert.Empty(outcome.Errors);
        Assert.Equal(7, outcome.Seq);
        var samples = outcome.Batch!.Samples;
        Assert.Equal((1795248000000L, 1.5, -2.5, (double?)null, (int?)null), (samples[0].TimeMs, samples[0].Lat!.Value, samples[0].Lon!.Value, samples[0].Ele, samples[0].Hr));
        Assert.Equal((1795248001000L, false, (int?)150), (samples[1].TimeMs, samples[1].HasPosition, samples[1].Hr));
    }

    [Theory]
    [InlineData("2026-11-21T08:00:00Z", 1795248000000L)]
    [InlineData("2026-11-21T10:00:00.5+02:00", 1795248000500L)]
    [InlineData("2026-11-21T03:00:00-05:00", 1795248000000L)]
    [InlineData("2026-11-21t08:00:00z", 1795248000000L)]
    [InlineData("2026-11-21T08:00:00\\u005A", 1795248000000L)]
    public void Json_parser_reads_RFC_3339_times_with_any_offset(string time, long expected)
    {
        var outcome = JsonSampleParser.Parse(Encoding.UTF8.GetBytes($$"""{"samples":[{"t":"{{time}}","lat":1,"lon":1}]}"""), 10);

        Assert.Empty(outcome.Errors);
        Assert.Equal(expected, outcome.Batch!.Samples[0].TimeMs);
    }

    [Theory]
    [InlineData("2026-11-21T08:00:00")]
    [InlineData("2026-11-21")]
    [InlineData("1795248000000")]
    public void Json_parser_refuses_times_without_an_offset(string time)
    {
        var outcome = JsonSampleParser.Parse(Encoding.UTF8.GetBytes($$"""{"samples":[{"t":"{{time}}","lat":1,"lon":1}]}"""), 10);

        Assert.Equal(["samples[0].t"], outcome.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Json_parser_stops_counting_at_the_sample_limit()
    {
        var json = "{\"samples\":[" + string.Join(',', Enumerable.Repeat("""{"t":1,"lat":1,"lon":1}""", 4)) + "]}";

        Assert.True(JsonSampleParser.Parse(Encoding.UTF8.GetBytes(json), 3).TooManySamples);
        Assert.False(JsonSampleParser.Parse(Encoding.UTF8.GetBytes(json), 4).TooManySamples);
    }

    [Fact]
    public void Validator_reports_every_bad_field_with_its_index()
    {
        IncomingSample[] samples =
        [
            new() { TimeMs = 1000, HasTime = true, Lat = 1, Lon = 1 },
            new() { TimeMs = 500, HasTime = true, Lat = double.NaN, Lon = 1, Hr = 300 },
        ];

        var errors = SampleValidator.Validate(samples, activityStartMs: 1000, nowMs: 2000, TimeSpan.FromMinutes(5));

        Assert.Equal(["samples[1].t", "samples[1].lat", "samples[1].hr"], errors.Select(e => e.Field));
    }
}
