using System.Net;
using System.Net.Http.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Leaderboards.Tests;

/// <summary>A goal saved while Kafka is down answers 503 with Retry-After; repeating the request publishes it.</summary>
public sealed class GoalsUnavailableTests(PublishingQueryApiHost host) : IClassFixture<PublishingQueryApiHost>
{
    [Fact]
    public async Task A_goal_that_cannot_be_published_is_a_503_and_the_repeated_request_publishes_it()
    {
        const string user = "offline-ann";
        using var http = host.Client(user);
        var body = new { sport = "run", kind = "distance", target_distance_m = 8_000 };
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync($"/v1/users/{user}/goals", body)).StatusCode);

        host.Platform.Cluster.Faults.SetAllBrokersDown();
        HttpResponseMessage refused;
        try
        {
            refused = await http.PutAsJsonAsync($"/v1/users/{user}/goals", body with { target_distance_m = 9_000 });
        }
        finally
        {
            host.Platform.Cluster.Faults.SetAllBrokersUp();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(9_000, Assert.Single((await host.Store.GetGoalSetAsync(user)).Goals).TargetDistanceM);

        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync($"/v1/users/{user}/goals", body with { target_distance_m = 9_000 })).StatusCode);
        var published = TopicReader.ReadUntil(host.Platform, Topics.Goals, UserGoals.Parser,
            records => records.Any(r => r.Key == user && r.Value.Revision == 3), TimeSpan.FromSeconds(30));
        Assert.Equal(9_000, published.Single(r => r.Key == user && r.Value.Revision == 3).Value.Goals.Single().TargetDistanceM);
    }
}
