using System.Net;
using System.Net.Http.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>Extra gateway instances on the shared platform: a restarted gateway, and one with a tight rate limit.</summary>
[Collection(IngestCollection.Name)]
public sealed class GatewayInstanceTests(IngestFixture fixture)
{
    [Fact]
    public async Task A_restarted_gateway_rebuilds_its_registry_from_the_log_before_it_is_ready()
    {
        using var before = fixture.Gateway.Client("u-restart");
        var id = await Requests.StartActivityAsync(before);

        // A fresh instance has an empty registry: IngestGateway.StartAsync returns only once /readyz is 200, i.e. caught up.
        await using var restarted = await IngestGateway.StartAsync(fixture.Platform);
        using var owner = restarted.Client("u-restart");
        using var stranger = restarted.Client("u-restart-stranger");

        Assert.True(restarted.Service<ActivityRegistry>().TryGet(id, out var known));
        Assert.Equal("u-restart", known.UserId);
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/v1/activities", Requests.StartBody(id))).StatusCode);
        await Requests.ProblemAsync(await stranger.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5))), HttpStatusCode.Forbidden);
        Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }

    [Fact]
    public async Task Requests_beyond_the_per_token_rate_are_429_with_Retry_After_and_other_tokens_are_unaffected()
    {
        await using var limited = await IngestGateway.StartAsync(fixture.Platform, new Dictionary<string, string?>
        {
            ["Ingest:RateLimitPermitsPerSecond"] = "1",
            ["Ingest:RateLimitBurst"] = "2",
        });
        using var busy = limited.Client("u-busy");
        using var calm = limited.Client("u-calm");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await busy.PostAsJsonAsync("/v1/activities", Requests.StartBody(Guid.NewGuid().ToString()))).StatusCode);
        }
        var throttled = await busy.PostAsJsonAsync("/v1/activities", Requests.StartBody(Guid.NewGuid().ToString()));

        Assert.Contains(HttpStatusCode.Created, statuses);
        await Requests.ProblemAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, (await calm.PostAsJsonAsync("/v1/activities", Requests.StartBody(Guid.NewGuid().ToString()))).StatusCode);
    }
}
