using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

[Collection(IngestCollection.Name)]
public sealed class SampleApiTests(IngestFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Json_batch_is_202_with_one_gps_and_one_hr_record_keyed_by_activity(bool epochMs)
    {
        using var http = fixture.Gateway.Client("u-json");
        var id = await Requests.StartActivityAsync(http);

        var response = await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(500, hrEvery: 2, epochMs: epochMs)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(500, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var gps = Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
        Assert.Equal(id, gps.Key);
        Assert.Equal(id, gps.Value.ActivityId);
        Assert.Equal("u-json", gps.Value.UserId);
        Assert.Equal(500, gps.Value.Samples.Count);
        var first = gps.Value.Samples[0];
        Assert.Equal(Requests.Start.AddSeconds(10).ToUnixTimeMilliseconds(), first.TimeMs);
        Assert.Equal(45.0, first.Lat);
        Assert.Equal(-73.0, first.Lon);
        Assert.Equal(30.5, first.Ele);
        Assert.Equal(4.0, first.Acc);
        var hr = Assert.Single(fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser));
        Assert.Equal(250, hr.Value.Samples.Count);
        Assert.Equal(120, hr.Value.Samples[0].Bpm);
        Assert.Equal(first.TimeMs, hr.Value.Samples[0].TimeMs);
    }

    [Fact]
    public async Task Gps_only_batch_writes_nothing_to_the_hr_topic_and_hr_only_samples_need_no_position()
    {
        using var http = fixture.Gateway.Client("u-split");
        var id = await Requests.StartActivityAsync(http);
        var hrOnly = new JsonObject { ["samples"] = new JsonArray(new JsonObject { ["t"] = Requests.Start.AddSeconds(3).ToUnixTimeMilliseconds(), ["hr"] = 99 }) };

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(10)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(hrOnly))).StatusCode);

        Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
        Assert.Equal(99, Assert.Single(Assert.Single(fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser)).Value.Samples).Bpm);
    }

    [Fact]
    public async Task A_resent_batch_is_accepted_again_and_both_copies_are_on_the_topic()
    {
        using var http = fixture.Gateway.Client("u-dup");
        var id = await Requests.StartActivityAsync(http);
        var batch = Requests.Samples(20).ToJsonString();

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(batch))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(batch))).StatusCode);

        var records = fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser);
        Assert.Equal(2, records.Count);
        Assert.Equal(records[0].Value, records[1].Value);
        // Same key, so same partition and in send order: downstream deduplicates by (activity, time).
        Assert.Single(fixture.Topics.ReadRaw(Topics.Gps).Where(r => Encoding.UTF8.GetString(r.Message.Key) == id).Select(r => r.Partition.Value).Distinct());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Protobuf_batches_are_202_and_republished_with_the_token_user(bool heartRate)
    {
        using var http = fixture.Gateway.Client("u-proto");
        var id = await Requests.StartActivityAsync(http);
        var t0 = Requests.Start.AddSeconds(5).ToUnixTimeMilliseconds();
        IMessage message = heartRate
            ? new HeartRateBatch { ActivityId = "ignored", UserId = "spoofed", Samples = { Enumerable.Range(0, 30).Select(i => new HeartRateSample { TimeMs = t0 + i * 500, Bpm = 140 }) } }
            : new GpsBatch { ActivityId = "ignored", UserId = "spoofed", Samples = { Enumerable.Range(0, 30).Select(i => new GpsSample { TimeMs = t0 + i * 1000, Lat = 10, Lon = 20 + i * 1e-4 }) } };
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(heartRate ? "application/x-protobuf; proto=splitstream.v1.HeartRateBatch" : "application/x-protobuf");

        var response = await http.PostAsync($"/v1/activities/{id}/samples", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(30, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        if (heartRate)
        {
            var hr = Assert.Single(fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser)).Value;
            Assert.Equal((id, "u-proto", 30), (hr.ActivityId, hr.UserId, hr.Samples.Count));
            Assert.Empty(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
        }
        else
        {
            var gps = Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser)).Value;
            Assert.Equal((id, "u-proto", 30), (gps.ActivityId, gps.UserId, gps.Samples.Count));
            Assert.False(gps.Samples[0].HasEle);
        }
    }

    public static TheoryData<string, string> InvalidSamples() => new()
    {
        { """{"t":"2999-01-01T00:00:00Z","lat":1,"lon":1}""", "samples[3].t" },
        { """{"t":"2000-01-01T00:00:00Z","lat":1,"lon":1}""", "samples[3].t" },
        { """{"t":"soon","lat":1,"lon":1}""", "samples[3].t" },
        { """{"lat":1,"lon":1}""", "samples[3].t" },
        { """{"t":T0,"lat":90.5,"lon":1}""", "samples[3].lat" },
        { """{"t":T0,"lat":-91,"lon":1}""", "samples[3].lat" },
        { """{"t":T0,"lat":1,"lon":180.01}""", "samples[3].lon" },
        { """{"t":T0,"lat":"NaN","lon":1}""", "samples[3].lat" },
        { """{"t":T0,"lat":1}""", "samples[3].lon" },
        { """{"t":T0}""", "samples[3].lat" },
        { """{"t":T0,"lat":1,"lon":1,"hr":19}""", "samples[3].hr" },
        { """{"t":T0,"lat":1,"lon":1,"hr":251}""", "samples[3].hr" },
        { """{"t":T0,"lat":1,"lon":1,"hr":120.5}""", "samples[3].hr" },
        { """{"t":T0,"lat":1,"lon":1,"acc":-1}""", "samples[3].acc" },
        { """{"t":T0,"lat":1,"lon":1,"ele":"high"}""", "samples[3].ele" },
        { "42", "samples[3]" },
    };

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public async Task One_invalid_sample_rejects_the_whole_batch_with_400_naming_field_and_index(string badSample, string field)
    {
        using var http = fixture.Gateway.Client("u-invalid");
        var id = await Requests.StartActivityAsync(http);
        var batch = Requests.Samples(6);
        var t0 = Requests.Start.AddSeconds(100).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        batch["samples"]![3] = JsonNode.Parse(badSample.Replace("T0", t0));

        var response = await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(batch));

        var problem = await Requests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], Requests.ErrorFields(problem));
        Assert.Empty(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }

    [Theory]
    [InlineData("""{"samples":[]}""", "samples")]
    [InlineData("""{"points":[]}""", "samples")]
    [InlineData("""{"samples":{}}""", "samples")]
    [InlineData("""{"samples":[{"t":1,""", "body")]
    public async Task Malformed_batches_are_400(string body, string field)
    {
        using var http = fixture.Gateway.Client("u-malformed");
        var id = await Requests.StartActivityAsync(http);

        var problem = await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(body)), HttpStatusCode.BadRequest);

        Assert.Contains(field, Requests.ErrorFields(problem));
    }

    [Fact]
    public async Task Invalid_protobuf_is_400_and_NaN_coordinates_are_refused()
    {
        using var http = fixture.Gateway.Client("u-proto-bad");
        var id = await Requests.StartActivityAsync(http);
        var garbage = new ByteArrayContent([0xff, 0xff, 0xff, 0x01]);
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var nan = new ByteArrayContent(new GpsBatch { Samples = { new GpsSample { TimeMs = Requests.Start.AddSeconds(1).ToUnixTimeMilliseconds(), Lat = double.NaN, Lon = 1 } } }.ToByteArray());
        nan.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        Assert.Contains("body", Requests.ErrorFields(await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", garbage), HttpStatusCode.BadRequest)));
        Assert.Contains("samples[0].lat", Requests.ErrorFields(await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", nan), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task More_than_5000_samples_or_1_MiB_is_413_and_an_unknown_media_type_415()
    {
        using var http = fixture.Gateway.Client("u-big");
        var id = await Requests.StartActivityAsync(http);
        var tooMany = Requests.Samples(5001);
        var padding = new JsonObject { ["samples"] = Requests.Samples(1)["samples"]!.DeepClone(), ["padding"] = new string('x', 1 << 20) };

        await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(tooMany)), HttpStatusCode.RequestEntityTooLarge);
        await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(padding)), HttpStatusCode.RequestEntityTooLarge);
        await Requests.ProblemAsync(await http.PostAsync($"/v1/activities/{id}/samples", new StringContent("t,lat,lon", Encoding.UTF8, "text/csv")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5000)))).StatusCode);
        Assert.Equal(5000, Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser)).Value.Samples.Count);
    }

    [Fact]
    public async Task A_chunked_batch_without_a_length_is_read_whole_across_buffer_growths_and_over_1_MiB_is_413()
    {
        // No Content-Length: the gateway starts with a 64 KiB buffer and doubles it (uninitialised, the read bytes copied
        // over) while the body lasts, so every byte of a ~450 KiB body passes through four growths.
        using var http = fixture.Gateway.Client("u-chunked");
        var id = await Requests.StartActivityAsync(http);
        var sent = Requests.Samples(5000, hrEvery: 3, epochMs: true);
        HttpRequestMessage Chunked(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{id}/samples") { Content = Requests.Json(json) };
            request.Headers.TransferEncodingChunked = true;
            return request;
        }
        var json = sent.ToJsonString();
        Assert.InRange(json.Length, 4 * 64 * 1024, 1 << 20);

        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Chunked(json))).StatusCode);
        var padded = new JsonObject { ["samples"] = Requests.Samples(1)["samples"]!.DeepClone(), ["padding"] = new string('x', 1 << 20) };
        await Requests.ProblemAsync(await http.SendAsync(Chunked(padded.ToJsonString())), HttpStatusCode.RequestEntityTooLarge);

        var published = Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser)).Value.Samples;
        var expected = sent["samples"]!.AsArray();
        Assert.Equal(expected.Count, published.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i]!["t"]!.GetValue<long>(), published[i].TimeMs);
            Assert.Equal(expected[i]!["lat"]!.GetValue<double>(), published[i].Lat);
        }
        Assert.Equal(expected.Count(s => s!["hr"] is not null), Assert.Single(fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser)).Value.Samples.Count);
    }

    [Fact]
    public async Task Samples_for_an_unknown_activity_are_404_and_for_another_users_403()
    {
        using var owner = fixture.Gateway.Client("owner-3");
        using var stranger = fixture.Gateway.Client("stranger-3");
        var id = await Requests.StartActivityAsync(owner);

        await Requests.ProblemAsync(await owner.PostAsync($"/v1/activities/{Guid.NewGuid()}/samples", Requests.Json(Requests.Samples(3))), HttpStatusCode.NotFound);
        await Requests.ProblemAsync(await owner.PostAsync("/v1/activities/not-an-id/samples", Requests.Json(Requests.Samples(3))), HttpStatusCode.NotFound);
        await Requests.ProblemAsync(await stranger.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(3))), HttpStatusCode.Forbidden);
        Assert.Empty(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }
}
