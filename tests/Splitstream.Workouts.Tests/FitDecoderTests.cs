using System.Text.Json;
using Splitstream.Fit;

namespace Splitstream.Workouts.Tests;

/// <summary>The decoder against Garmin's FIT SDK (the oracle) and against the real TCX files the real FIT files came from.</summary>
public sealed class FitDecoderTests
{
    /// <summary>Half a semicircle in degrees: the rounding of a position written to FIT.</summary>
    private const double HalfSemicircle = 90.0 / 2147483648.0;

    [Theory]
    [InlineData("dblock-fr910xt-run-2014-slovenia")]
    [InlineData("sportslib-edge1000-ride-grenoble")]
    public void A_real_file_decodes_to_exactly_the_points_times_and_heart_rates_of_its_tcx_source(string name)
    {
        var fit = FitDecoder.Decode(File.ReadAllBytes(FitCases.Real(name + ".fit")), 1_000_000);
        var source = TcxSource.Read(FitCases.RealTcx(name + ".tcx"));

        Assert.Equal(source.Count, fit.Records.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var (r, s) = (fit.Records[i], source[i]);
            Assert.Equal((s.TimeMs, s.Hr), (r.TimeMs, r.HeartRate));
            Assert.True(Math.Abs(r.Lat!.Value - s.Lat) <= HalfSemicircle + 1e-12 && Math.Abs(r.Lon!.Value - s.Lon) <= HalfSemicircle + 1e-12,
                $"{name} record {i}: ({r.Lat}, {r.Lon}) is not the source's ({s.Lat}, {s.Lon}) to the semicircle");
        }
        Assert.Equal(4, fit.FileType);
        Assert.Single(fit.Sessions);
    }

    public static TheoryData<string> SdkFiles() => new()
    {
        "real:dblock-fr910xt-run-2014-slovenia.fit",
        "real:sportslib-edge1000-ride-grenoble.fit",
        "indoor.fit",
        "summary-first.fit",
        "laps.fit",
        "developer.fit",
    };

    [Theory]
    [MemberData(nameof(SdkFiles))]
    public void Every_record_lap_and_session_is_what_garmins_sdk_decodes(string file)
    {
        var path = file.StartsWith("real:", StringComparison.Ordinal) ? FitCases.Real(file[5..]) : FitCases.Case(file);
        var sdk = FitSdk.Decode(path);
        Assert.True(sdk.GetProperty("integrity").GetBoolean());
        Assert.Equal(0, sdk.GetProperty("errors").GetArrayLength());

        var fit = FitDecoder.Decode(File.ReadAllBytes(path), 1_000_000);

        AssertRecords(sdk.GetProperty("records"), fit.Records);
        Assert.Equal(
            sdk.GetProperty("laps").EnumerateArray().Select(l => (l.GetProperty("start").GetInt64(), l.GetProperty("end").GetInt64(),
                l.GetProperty("elapsed").GetDouble(), l.GetProperty("distance").GetDouble())),
            fit.Laps.Select(l => (l.StartTimeMs, l.EndTimeMs, l.TotalElapsedTimeS!.Value, l.TotalDistanceM!.Value)));
        Assert.Equal(sdk.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("start").GetInt64()), fit.Sessions.Select(s => s.StartTimeMs));
        Assert.Equal(sdk.GetProperty("events").GetArrayLength(), fit.Events.Count);
    }

    [Fact]
    public void Compressed_timestamp_headers_give_the_times_they_encode_across_rollovers()
    {
        // Garmin's JS decoder stops at compressed headers (unsupported in 21.217), so the oracle is its integrity check
        // plus the records generate.mjs laid out.
        var sdk = FitSdk.Decode(FitCases.Case("compressed.fit"));
        Assert.True(sdk.GetProperty("integrity").GetBoolean());
        var expected = JsonDocument.Parse(File.ReadAllText(FitCases.Case("compressed.expected.json"))).RootElement.GetProperty("records");

        var fit = FitDecoder.Decode(File.ReadAllBytes(FitCases.Case("compressed.fit")), 1_000_000);

        Assert.Equal(100, fit.Records.Count);
        AssertRecords(expected, fit.Records);
    }

    [Fact]
    public void Developer_fields_are_skipped_by_their_declared_sizes()
    {
        var fit = FitDecoder.Decode(File.ReadAllBytes(FitCases.Case("developer.fit")), 1_000_000);

        Assert.Equal(200, fit.DeveloperFieldMessages);
        Assert.Equal(200, fit.Records.Count);
    }

    [Fact]
    public void An_indoor_file_has_heart_rates_and_no_positions()
    {
        var fit = FitDecoder.Decode(File.ReadAllBytes(FitCases.Case("indoor.fit")), 1_000_000);

        Assert.All(fit.Records, r => Assert.False(r.HasPosition));
        Assert.All(fit.Records, r => Assert.NotNull(r.HeartRate));
        Assert.Equal(FitSports.Running, fit.Sport);
    }

    private static void AssertRecords(JsonElement expected, List<FitRecord> records)
    {
        Assert.Equal(expected.GetArrayLength(), records.Count);
        var i = 0;
        foreach (var e in expected.EnumerateArray())
        {
            var r = records[i++];
            Assert.Equal(
                (e.GetProperty("t").GetInt64(), Int(e, "lat"), Int(e, "lon"), Int(e, "hr")),
                (r.TimeMs, r.LatSemicircles, r.LonSemicircles, r.HeartRate));
            if (e.GetProperty("alt").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(e.GetProperty("alt").GetDouble(), r.AltitudeM!.Value, 9);
            }
        }
    }

    private static int? Int(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetInt32() : null;
}
