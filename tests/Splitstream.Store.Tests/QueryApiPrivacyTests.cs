using System.Net.Http.Json;
using System.Net;

namespace Splitstream.Store.Tests;

/// <summary>Own, friends' and public activities are readable; everything else is 404, exactly like a missing id.</summary>
public sealed class QueryApiPrivacyTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    public enum Viewer { Owner, Friend, Stranger }

    [Theory]
    [InlineData(Viewer.Owner, false, HttpStatusCode.OK)]
    [InlineData(Viewer.Friend, false, HttpStatusCode.OK)]
    [InlineData(Viewer.Stranger, false, HttpStatusCode.NotFound)]
    [InlineData(Viewer.Owner, true, HttpStatusCode.OK)]
    [InlineData(Viewer.Friend, true, HttpStatusCode.OK)]
    [InlineData(Viewer.Stranger, true, HttpStatusCode.OK)]
    public async Task Every_activity_route_applies_the_same_privacy(Viewer viewer, bool isPublic, HttpStatusCode expected)
    {
        var owner = TestData.NewId("owner");
        var friend = TestData.NewId("friend");
        var stranger = TestData.NewId("stranger");
        await host.Store.UpsertUserAsync(new UserProfile(owner, "Owner", PublicActivities: isPublic));
        await host.Store.AddFriendshipAsync(owner, friend);
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        await host.Store.WriteGpsAsync(TestData.Track(id, 20));
        using var http = host.Client(viewer switch { Viewer.Owner => owner, Viewer.Friend => friend, _ => stranger });

        foreach (var route in new[] { $"/v1/activities/{id}", $"/v1/activities/{id}/points", $"/v1/activities/{id}/points?format=gpx", $"/v1/activities/{id}/windows" })
        {
            var response = await http.GetAsync(route);
            Assert.True(expected == response.StatusCode, $"{route}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_forbidden_activity_answers_exactly_like_a_missing_one()
    {
        var owner = TestData.NewId("owner");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        using var stranger = host.Client(TestData.NewId("stranger"));

        var forbidden = await stranger.GetAsync($"/v1/activities/{id}");
        var missing = await stranger.GetAsync($"/v1/activities/{TestData.NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.Content.Headers.ContentType?.MediaType, forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_per_activity_override_beats_the_owner_default()
    {
        var owner = TestData.NewId("owner");
        await host.Store.UpsertUserAsync(new UserProfile(owner, "Owner", PublicActivities: true));
        var hidden = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(hidden, owner)]);
        await host.Store.SetActivityVisibilityAsync(hidden, false);
        using var stranger = host.Client(TestData.NewId("stranger"));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/activities/{hidden}")).StatusCode);
    }

    [Fact]
    public async Task Reads_without_a_token_are_401()
    {
        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v1/activities/{TestData.NewId()}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_makes_friends_and_the_friend_then_sees_the_activity()
    {
        var owner = TestData.NewId("owner");
        var other = TestData.NewId("other");
        var id = TestData.NewId();
        await host.Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        using var reader = host.Client(other);
        using var device = host.Client(owner);
        using var admin = host.Client("root", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/v1/activities/{id}")).StatusCode);

        var friendship = new { user_id = owner, friend_id = other };
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsJsonAsync("/v1/admin/friendships", friendship)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/v1/admin/friendships", friendship)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/activities/{id}")).StatusCode);
    }
}
