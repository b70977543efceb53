using System.Net;
using System.Net.Http.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

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
    public async Task A_batch_sent_to_another_gateway_right_after_the_start_is_accepted_never_404()
    {
        // Behind a load balancer the start and the first batch reach different instances; the second learns of the start
        // from activity.events.v1, a fetch later. Twenty in a row: without the catch-up several of them were 404.
        await using var second = await IngestGateway.StartAsync(fixture.Platform);
        using var first = fixture.Gateway.Client("u-two-gateways");
        using var other = second.Client("u-two-gateways");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            var id = await Requests.StartActivityAsync(first);
            answers.Add((await other.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5)))).StatusCode);
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer));
        // The catch-up is no blanket acceptance: an activity nobody started is still 404 on either.
        await Requests.ProblemAsync(await other.PostAsync($"/v1/activities/{Guid.NewGuid()}/samples", Requests.Json(Requests.Samples(5))), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_restarted_gateway_answers_503_never_404_for_a_known_activity_while_its_registry_loads()
    {
        using var before = fixture.Gateway.Client("u-loading");
        var id = await Requests.StartActivityAsync(before);

        // The restarted instance's registry loader is held: the gateway serves while its registry is provably still loading.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var restarted = await IngestGateway.StartAsync(fixture.Platform, waitUntilReady: false,
            configureServices: services => HeldRegistryLoader.Replace(services, release.Task));
        using var owner = restarted.Client("u-loading");
        using var anonymous = restarted.Client(null);
        var registry = restarted.Service<ActivityRegistry>();
        var stop = new { type = "stop", at = Requests.Start.AddMinutes(1).ToString("O") };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/readyz")).StatusCode);
        var whileLoading = new[]
        {
            await owner.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5))),
            await owner.PostAsJsonAsync($"/v1/activities/{id}/events", stop),
            await owner.PostAsJsonAsync("/v1/activities", Requests.StartBody(id)),
            // Not yet seen may still be in the log: the gateway can't tell it from unknown either.
            await owner.PostAsync($"/v1/activities/{Guid.NewGuid()}/samples", Requests.Json(Requests.Samples(5))),
        };
        Assert.False(registry.IsCaughtUp, "the registry finished loading while the test still held its loader");
        foreach (var response in whileLoading)
        {
            await Requests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        // A malformed id can never be in the log: 404 at once, loading or not.
        await Requests.ProblemAsync(await owner.PostAsync("/v1/activities/not-an-id/samples", Requests.Json(Requests.Samples(5))), HttpStatusCode.NotFound);

        release.SetResult();
        await restarted.WaitReadyAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(5)))).StatusCode);
        // A truly unknown activity is 404 once loaded: the 503s above were not a blanket refusal.
        await Requests.ProblemAsync(await owner.PostAsync($"/v1/activities/{Guid.NewGuid()}/samples", Requests.Json(Requests.Samples(5))),
            HttpStatusCode.NotFound);
        // The refused batch and stop were not written: the one accepted batch is all there is.
        Assert.Single(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
        Assert.Single(fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser));
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
