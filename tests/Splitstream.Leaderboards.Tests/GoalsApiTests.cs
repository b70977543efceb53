using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Leaderboards.Tests;

/// <summary>/v1/users/{user}/goals over Kestrel: self-only writes published to goals.v1, validation, privacy of reads, progress.</summary>
public sealed class GoalsApiTests(PublishingQueryApiHost host) : IClassFixture<PublishingQueryApiHost>
{
    [Fact]
    public async Task Setting_a_goal_saves_it_and_publishes_the_users_goal_set_to_goals_v1()
    {
        var user = Id("ann");
        using var http = host.Client(user);

        var first = await http.PutAsJsonAsync($"/v1/users/{user}/goals", new { sport = "run", kind = "distance", target_distance_m = 20_000 });
        var second = await http.PostAsJsonAsync($"/v1/users/{user}/goals", new { sport = "Run", kind = "frequency", target_count = 3 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("distance:run:week", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("goal_id").GetString());
        var published = TopicReader.ReadUntil(host.Platform, Topics.Goals, UserGoals.Parser,
            records => records.Any(r => r.Key == user && r.Value.Revision == 2), TimeSpan.FromSeconds(20));
        var latest = published.Last(r => r.Key == user).Value;
        Assert.Equal(2, latest.Revision);
        Assert.Equal([("distance:run:week", 20_000.0, 0), ("frequency:run:week", 0.0, 3)],
            latest.Goals.Select(g => (g.GoalId, g.TargetDistanceM, g.TargetCount)));
        Assert.All(latest.Goals, g => Assert.Equal(QueryApiHost.Now.ToUnixTimeMilliseconds(), g.CreatedAtMs));
    }

    [Fact]
    public async Task Goals_list_with_progress_of_the_current_period()
    {
        var user = Id("bob");
        using var http = host.Client(user);
        await http.PutAsJsonAsync($"/v1/users/{user}/goals", new { sport = "run", kind = "distance", target_distance_m = 10_000 });
        await http.PutAsJsonAsync($"/v1/users/{user}/goals", new { sport = "ride", kind = "frequency", target_count = 2 });
        await host.Store.UpsertGoalProgressAsync([
            new GoalProgress { UserId = user, GoalId = "distance:run:week", PeriodKey = "2026-W47", Value = 11_000, Target = 10_000, Activities = 2,
                Achieved = true, AchievedAtMs = QueryApiHost.Now.ToUnixTimeMilliseconds(), UpdatedAtMs = QueryApiHost.Now.ToUnixTimeMilliseconds() },
            new GoalProgress { UserId = user, GoalId = "distance:run:week", PeriodKey = "2026-W46", Value = 3_000, Target = 10_000, Activities = 1 },
        ]);

        var body = await http.GetFromJsonAsync<JsonElement>($"/v1/users/{user}/goals");

        var goals = body.GetProperty("goals").EnumerateArray().ToDictionary(g => g.GetProperty("goal_id").GetString()!);
        var run = goals["distance:run:week"].GetProperty("progress");
        Assert.Equal(("2026-W47", 11_000.0, true), (run.GetProperty("period_key").GetString(), run.GetProperty("value").GetDouble(), run.GetProperty("achieved").GetBoolean()));
        var ride = goals["frequency:ride:week"].GetProperty("progress");
        Assert.Equal(("2026-W47", 0.0, 2.0, false),
            (ride.GetProperty("period_key").GetString(), ride.GetProperty("value").GetDouble(), ride.GetProperty("target").GetDouble(), ride.GetProperty("achieved").GetBoolean()));
    }

    [Fact]
    public async Task Only_the_user_may_change_their_goals()
    {
        var owner = Id("owner");
        using var other = host.Client(Id("other"));
        using var admin = host.Client(Id("admin"), Splitstream.ServiceDefaults.Roles.Admin);
        using var anonymous = host.Client(null);
        var body = new { sport = "run", kind = "distance", target_distance_m = 5_000 };

        var put = await other.PutAsJsonAsync($"/v1/users/{owner}/goals", body);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/v1/users/{owner}/goals", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/v1/users/{owner}/goals/distance:run:week")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/v1/users/{owner}/goals", body)).StatusCode);
        Assert.Empty((await host.Store.GetGoalSetAsync(owner)).Goals);
    }

    [Fact]
    public async Task Deleting_a_goal_removes_it_and_publishes_the_smaller_set()
    {
        var user = Id("cat");
        using var http = host.Client(user);
        await http.PutAsJsonAsync($"/v1/users/{user}/goals", new { sport = "walk", kind = "frequency", target_count = 5 });

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/users/{user}/goals/frequency:walk:week")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/v1/users/{user}/goals/frequency:walk:week")).StatusCode);

        var published = TopicReader.ReadUntil(host.Platform, Topics.Goals, UserGoals.Parser,
            records => records.Any(r => r.Key == user && r.Value.Revision == 2), TimeSpan.FromSeconds(20));
        Assert.Empty(published.Single(r => r.Key == user && r.Value.Revision == 2).Value.Goals);
    }

    public enum Viewer { Owner, Friend, Stranger }

    [Theory]
    [InlineData(Viewer.Owner, false, HttpStatusCode.OK)]
    [InlineData(Viewer.Friend, false, HttpStatusCode.OK)]
    [InlineData(Viewer.Stranger, false, HttpStatusCode.NotFound)]
    [InlineData(Viewer.Stranger, true, HttpStatusCode.OK)]
    public async Task Goals_are_read_by_the_user_their_friends_and_anyone_when_they_share_publicly(Viewer viewer, bool shares, HttpStatusCode expected)
    {
        var (owner, friend) = (Id("owner"), Id("friend"));
        await host.Store.UpsertUserAsync(new UserProfile(owner, "Owner", shares));
        await host.Store.AddFriendshipAsync(owner, friend);
        await host.Store.SaveGoalAsync(new Goal(owner, "run", "week", 30_000));
        using var http = host.Client(viewer switch { Viewer.Owner => owner, Viewer.Friend => friend, _ => Id("stranger") });

        var response = await http.GetAsync($"/v1/users/{owner}/goals");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("""{"sport":"curling","kind":"distance","target_distance_m":1000}""", "sport")]
    [InlineData("""{"kind":"distance","target_distance_m":1000}""", "sport")]
    [InlineData("""{"sport":"run","kind":"streak","target_distance_m":1000}""", "kind")]
    [InlineData("""{"sport":"run","kind":"distance","period":"month","target_distance_m":1000}""", "period")]
    [InlineData("""{"sport":"run","kind":"distance"}""", "target_distance_m")]
    [InlineData("""{"sport":"run","kind":"distance","target_distance_m":-5}""", "target_distance_m")]
    [InlineData("""{"sport":"run","kind":"distance","target_distance_m":1000,"target_count":2}""", "target_count")]
    [InlineData("""{"sport":"run","kind":"frequency","target_count":0}""", "target_count")]
    [InlineData("""{"sport":"run","kind":"frequency","target_count":101}""", "target_count")]
    [InlineData("""{"sport":"run","kind":"frequency","target_count":3,"target_distance_m":5}""", "target_distance_m")]
    [InlineData("""{"sport":"run","kind":"duration"}""", "target_duration_s")]
    [InlineData("""{"sport":"run","kind":"duration","target_duration_s":40000000}""", "target_duration_s")]
    [InlineData("""{"sport":"run","kind":"duration","target_duration_s":3600,"target_volume_kg":5}""", "target_volume_kg")]
    [InlineData("""{"sport":"strength","kind":"volume","target_volume_kg":0}""", "target_volume_kg")]
    [InlineData("""{"sport":"strength","kind":"volume","target_volume_kg":5000,"target_count":1}""", "target_count")]
    public async Task Bad_goals_are_400_problems_naming_the_field(string json, string field)
    {
        var user = Id("dan");
        using var http = host.Client(user);

        var response = await http.PutAsync($"/v1/users/{user}/goals", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        Assert.Empty((await host.Store.GetGoalSetAsync(user)).Goals);
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
