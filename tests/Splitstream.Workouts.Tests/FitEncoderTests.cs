using Splitstream.Fit;

namespace Splitstream.Workouts.Tests;

/// <summary>The encoder's files pass Garmin's SDK (integrity, no errors) and decode to what was written, by the SDK and by our decoder.</summary>
public sealed class FitEncoderTests
{
    [Fact]
    public async Task An_encoded_activity_passes_garmins_integrity_check_and_decodes_to_its_records()
    {
        var start = new DateTimeOffset(2026, 11, 2, 7, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var records = Enumerable.Range(0, 5000).Select(i => new FitRecord(start + i * 1000L,
            i % 10 == 9 ? null : FitSemicircles.FromDegrees(46.05 + i * 1e-5), i % 10 == 9 ? null : FitSemicircles.FromDegrees(14.5 - i * 1e-5),
            i % 10 == 9 ? null : 300 + i / 100.0, i % 7 == 0 ? null : 120 + i % 50, null, null, null, null)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"splitstream-encoder-{Guid.NewGuid():N}.fit");
        await using (var file = File.Create(path))
        {
            await FitActivityEncoder.WriteAsync(file, new FitExportSummary("ride", start, start + 4_999_000, 4999, 12_345.6), records, records.Count, [],
                CancellationToken.None);
        }

        var sdk = FitSdk.Decode(path);
        var ours = FitDecoder.Decode(await File.ReadAllBytesAsync(path), 1_000_000);
        File.Delete(path);

        Assert.True(sdk.GetProperty("integrity").GetBoolean(), sdk.ToString()[..Math.Min(400, sdk.ToString().Length)]);
        Assert.Equal(0, sdk.GetProperty("errors").GetArrayLength());
        Assert.Equal(records.Select(r => (r.TimeMs, r.LatSemicircles, r.HeartRate)),
            sdk.GetProperty("records").EnumerateArray().Select(r => (r.GetProperty("t").GetInt64(),
                r.GetProperty("lat").ValueKind == System.Text.Json.JsonValueKind.Number ? r.GetProperty("lat").GetInt32() : (int?)null,
                r.GetProperty("hr").ValueKind == System.Text.Json.JsonValueKind.Number ? r.GetProperty("hr").GetInt32() : (int?)null)));
        Assert.Equal(records.Select(r => (r.TimeMs, r.LatSemicircles, r.LonSemicircles, r.HeartRate)),
            ours.Records.Select(r => (r.TimeMs, r.LatSemicircles, r.LonSemicircles, r.HeartRate)));
        Assert.Equal(FitSports.Cycling, ours.Sport);
        Assert.Single(ours.Laps);
    }
}
