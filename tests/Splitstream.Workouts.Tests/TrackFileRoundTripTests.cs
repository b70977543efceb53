using System.Xml.Linq;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// Issue 11 ("GPX/TCX in and out keep every point"): a real GPX and a real TCX file from ../shared/data/real posted
/// through the gateway, stored, and exported by the query API in the same format. GPX is read on both sides by gpxpy
/// (the independent reader), TCX with LINQ to XML; every point's time, position, elevation and heart rate must come
/// back as the file had it.
/// </summary>
public sealed class TrackFileRoundTripTests(WorkoutsPipeline pipeline) : IClassFixture<WorkoutsPipeline>
{
    [Fact]
    public async Task A_real_gpx_file_exports_as_gpx_with_every_point_time_position_elevation_and_heart_rate()
    {
        var source = FitCases.RealTcx("sportslib-amazfit-run-helsinki.gpx");
        var accepted = await pipeline.UploadReadyAsync("rt-gpx", await File.ReadAllBytesAsync(source), "?sport=run", "application/gpx+xml");
        var activityId = accepted.GetProperty("activity_id").GetString()!;
        var original = GpxPy.Read([source]).Single().Value;
        await pipeline.GpsAsync(activityId, original.Count);
        await pipeline.HeartRatesAsync(activityId, original.Count(p => p.Hr is not null));

        using var http = pipeline.Query("rt-gpx");
        var exported = Path.Combine(Path.GetTempPath(), $"splitstream-roundtrip-{Guid.NewGuid():N}.gpx");
        try
        {
            await File.WriteAllBytesAsync(exported, await http.GetByteArrayAsync($"/v1/activities/{activityId}/export?format=gpx"));
            var back = GpxPy.Read([exported]).Single().Value;

            Assert.True(original.Count > 1000, $"{original.Count} points: not the file expected");
            Assert.True(original.All(p => p.Ele is not null && p.Hr is not null), "the source should carry elevation and heart rate on every point");
            Assert.Equal(original, back);
        }
        finally
        {
            File.Delete(exported);
        }
    }

    [Fact]
    public async Task A_real_tcx_file_exports_as_tcx_with_every_trackpoint_time_position_altitude_and_heart_rate()
    {
        var source = FitCases.RealTcx("dblock-fr910xt-run-2014-slovenia.tcx");
        var accepted = await pipeline.UploadReadyAsync("rt-tcx", await File.ReadAllBytesAsync(source), "", "application/vnd.garmin.tcx+xml");
        var activityId = accepted.GetProperty("activity_id").GetString()!;
        // A repeated time is one sample (the first trackpoint of it), as the gateway stores it.
        var original = TcxTrackpoint.ReadAll(XDocument.Load(source)).DistinctBy(p => p.TimeMs).ToList();
        await pipeline.GpsAsync(activityId, original.Count(p => p.Lat is not null));
        await pipeline.HeartRatesAsync(activityId, original.Count(p => p.Hr is not null));

        using var http = pipeline.Query("rt-tcx");
        var back = TcxTrackpoint.ReadAll(XDocument.Parse(await http.GetStringAsync($"/v1/activities/{activityId}/export?format=tcx")));

        Assert.True(original.Count > 1000, $"{original.Count} trackpoints: not the file expected");
        Assert.True(original.All(p => p.Ele is not null && p.Hr is not null), "the source should carry altitude and heart rate on every trackpoint");
        Assert.Equal(original, back);
    }
}
