using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest.Tests;

[Collection(IngestCollection.Name)]
public sealed class UploadApiTests(IngestFixture fixture)
{
    private static string Time(int second) => Requests.Start.AddSeconds(second).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static string Gpx11(int points) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
             xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
          <trk><type>running</type><trkseg>
            {string.Concat(Enumerable.Range(0, points).Select(i => $"""
            <trkpt lat="{45 + i * 1e-4:0.0000}" lon="-73.0000"><ele>{20 + i}</ele><time>{Time(i)}</time>
              <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{130 + i}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
            """))}
          </trkseg></trk>
        </gpx>
        """;

    private static string Gpx10(int points) => $"""
        <?xml version="1.0"?>
        <gpx version="1.0" creator="test" xmlns="http://www.topografix.com/GPX/1/0">
          <trk><trkseg>
            {string.Concat(Enumerable.Range(0, points).Select(i => $"""<trkpt lat="10.{i:0000}" lon="20.0"><time>{Time(i)}</time><speed>3.1</speed></trkpt>"""))}
          </trkseg></trk>
        </gpx>
        """;

    private static string Tcx(int points) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
          <Activities><Activity Sport="Biking"><Id>{Time(0)}</Id><Lap StartTime="{Time(0)}"><Track>
            {string.Concat(Enumerable.Range(0, points).Select(i => $"""
            <Trackpoint><Time>{Time(i)}</Time><Position><LatitudeDegrees>{50 + i * 1e-4:0.0000}</LatitudeDegrees><LongitudeDegrees>8.5</LongitudeDegrees></Position>
              <AltitudeMeters>100</AltitudeMeters><HeartRateBpm><Value>{110 + i}</Value></HeartRateBpm></Trackpoint>
            """))}
            <Trackpoint><Time>{Time(points)}</Time><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>
          </Track></Lap></Activity></Activities>
        </TrainingCenterDatabase>
        """;

    public static TheoryData<string, string, string, int, int> Files() => new()
    {
        { "gpx 1.1 with TrackPointExtension hr", Gpx11(40), "run", 40, 40 },
        { "gpx 1.0", Gpx10(25), "run", 25, 0 },
        { "tcx with HeartRateBpm and a sensor-only point", Tcx(30), "ride", 30, 31 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Upload_creates_the_activity_its_samples_and_its_stop(string what, string file, string sport, int gpsCount, int hrCount)
    {
        // One user per file: the files start at the same time, and the same user and start time is one activity (DESIGN §10).
        var userId = $"u-upload-{gpsCount}";
        using var http = fixture.Gateway.Client(userId);
        var query = what.StartsWith("gpx 1.0", StringComparison.Ordinal) ? "?sport=run" : "";

        var response = await http.PostAsync("/v1/uploads" + query, new StringContent(file, Encoding.UTF8, "application/gpx+xml"));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{what}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("activity_id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(sport, body.GetProperty("sport").GetString());
        var events = fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser).Select(r => r.Value).ToList();
        Assert.Equal([ActivityEvent.KindOneofCase.Started, ActivityEvent.KindOneofCase.Stopped], events.Select(e => e.KindCase));
        Assert.Equal((userId, sport), (events[0].Started.UserId, events[0].Started.Sport));
        Assert.Equal(Requests.Start.ToUnixTimeMilliseconds() / 1000 * 1000, events[0].EventTimeMs);
        Assert.Equal(gpsCount, fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser).Sum(r => r.Value.Samples.Count));
        var hr = fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser).SelectMany(r => r.Value.Samples).ToList();
        Assert.Equal(hrCount, hr.Count);
        if (hrCount > 0)
        {
            Assert.Equal(sport == "ride" ? 110 : 130, hr[0].Bpm);
        }
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { "external entity", """<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&xxe;</name></trk></gpx>""" },
        { "billion laughs", """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><gpx xmlns="http://www.topografix.com/GPX/1/1">&lol2;</gpx>""" },
        { "deep nesting", """<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">""" + string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000)) + "</gpx>" },
        { "not xml", "lat,lon\n1,2\n" },
        { "truncated", """<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="1" lon="2">""" },
        { "other xml", """<kml xmlns="http://www.opengis.net/kml/2.2"/>""" },
        { "gpx 2.0", """<gpx xmlns="http://www.topografix.com/GPX/2/0"/>""" },
        { "no points", """<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk/></gpx>""" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Hostile_or_unusable_files_are_400_without_harm(string what, string file)
    {
        using var http = fixture.Gateway.Client("u-hostile");

        var response = await http.PostAsync("/v1/uploads?sport=run", new StringContent(file, Encoding.UTF8, "application/xml"));

        var problem = await Requests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(Requests.ErrorFields(problem).Any(), what);
        Assert.DoesNotContain("root:", problem.GetRawText());
    }

    [Fact]
    public async Task Invalid_points_are_named_and_an_oversized_upload_is_413()
    {
        using var http = fixture.Gateway.Client("u-upload-bad");
        var badPoint = Gpx10(5).Replace("lat=\"10.0003\"", "lat=\"95\"");
        var noTime = Gpx10(5).Replace($"<time>{Time(2)}</time>", "");
        var huge = new ByteArrayContent(new byte[(16 << 20) + 1]);

        Assert.Equal(["trkpt[3].lat"], Requests.ErrorFields(await Requests.ProblemAsync(
            await http.PostAsync("/v1/uploads?sport=run", new StringContent(badPoint)), HttpStatusCode.BadRequest)));
        Assert.Equal(["trkpt[2].time"], Requests.ErrorFields(await Requests.ProblemAsync(
            await http.PostAsync("/v1/uploads?sport=run", new StringContent(noTime)), HttpStatusCode.BadRequest)));
        Assert.Equal(["sport"], Requests.ErrorFields(await Requests.ProblemAsync(
            await http.PostAsync("/v1/uploads", new StringContent(Gpx10(3))), HttpStatusCode.BadRequest)));
        Assert.Equal(["sport"], Requests.ErrorFields(await Requests.ProblemAsync(
            await http.PostAsync("/v1/uploads?sport=swim", new StringContent(Gpx10(3))), HttpStatusCode.BadRequest)));
        await Requests.ProblemAsync(await http.PostAsync("/v1/uploads?sport=run", huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_repeated_upload_with_its_activity_id_is_a_duplicate_of_the_same_activity_and_a_strangers_id_is_409()
    {
        using var http = fixture.Gateway.Client("u-retry");
        using var stranger = fixture.Gateway.Client("u-retry-stranger");
        var id = Guid.NewGuid().ToString();

        var first = await http.PostAsync($"/v1/uploads?activity_id={id}", new StringContent(Gpx11(5)));
        var again = await http.PostAsync($"/v1/uploads?activity_id={id}", new StringContent(Gpx11(5)));
        await Requests.ProblemAsync(await stranger.PostAsync($"/v1/uploads?activity_id={id}", new StringContent(Gpx11(5))), HttpStatusCode.Conflict);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        var repeat = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, "duplicate"), (repeat.GetProperty("activity_id").GetString(), repeat.GetProperty("status").GetString()));
        Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }
}
