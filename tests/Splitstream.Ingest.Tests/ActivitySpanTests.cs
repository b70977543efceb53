using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>DESIGN §4 "Bounded work": an activity spans at most 48 h of event time; a sample beyond is a 400 naming it.</summary>
[Collection(IngestCollection.Name)]
public sealed class ActivitySpanTests(IngestFixture fixture)
{
    [Theory]
    [InlineData(200 * 24.0, false)] // the case: two samples 200 days apart
    [InlineData(48.5, false)]
    [InlineData(47.5, true)]
    public async Task A_sample_more_than_48_h_after_the_start_is_a_400_naming_it_and_nothing_is_published(double hoursAfterStart, bool accepted)
    {
        using var http = fixture.Gateway.Client("u-span");
        var id = Guid.NewGuid().ToString();
        // Started long enough ago that the late sample is not in the future.
        var started = DateTimeOffset.UtcNow.AddHours(-hoursAfterStart - 1);
        var body = Requests.StartBody(id);
        body["started_at"] = started.ToString("O");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/activities", body)).StatusCode);
        var samples = new JsonObject
        {
            ["samples"] = new JsonArray(
                new JsonObject { ["t"] = started.AddSeconds(10).ToUnixTimeMilliseconds(), ["lat"] = 45.0, ["lon"] = -73.0 },
                new JsonObject { ["t"] = started.AddHours(hoursAfterStart).ToUnixTimeMilliseconds(), ["lat"] = 45.0001, ["lon"] = -73.0 }),
        };

        var response = await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(samples));

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
            return;
        }
        var problem = await Requests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["samples[1].t"], Requests.ErrorFields(problem));
        Assert.Empty(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }
}
