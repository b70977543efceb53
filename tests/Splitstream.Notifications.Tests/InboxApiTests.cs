using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

public sealed class InboxApiTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    private static readonly long Now = QueryApiHost.Now.ToUnixTimeMilliseconds();

    private INotificationStore Inbox => (INotificationStore)host.Store;

    private static NotificationRecord Entry(string user, string id, long createdAtMs) =>
        new(id, user, "inactivity", createdAtMs - 1000, "2026-11-10", "{\"id\":\"" + id + "\",\"type\":\"inactivity\",\"data\":{\"days\":3}}", createdAtMs);

    [Fact]
    public async Task The_inbox_pages_newest_first_by_keyset_and_only_the_user_and_admins_see_it()
    {
        await Inbox.AddNotificationsAsync([.. Enumerable.Range(1, 5).Select(i => Entry("pager", $"n{i}", Now - 10_000 + i))]);
        using var own = host.Client("pager", Roles.Analyst);
        var ids = new List<string>();
        string? next = null;
        do
        {
            var page = await own.GetFromJsonAsync<JsonElement>($"/v1/users/pager/notifications?limit=2{(next is null ? "" : "&before=" + Uri.EscapeDataString(next))}");
            ids.AddRange(page.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (next is not null);
        Assert.Equal(new[] { "n5", "n4", "n3", "n2", "n1" }, ids);

        using var stranger = host.Client("someone-else", Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/users/pager/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync("/v1/users/pager/notifications/n1/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/users/pager/notifications/live")).StatusCode);
        using var admin = host.Client("root", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/users/pager/notifications")).StatusCode);
        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/users/pager/notifications")).StatusCode);
    }

    [Fact]
    public async Task A_notification_marked_read_leaves_the_unread_view_and_keeps_its_payload()
    {
        await Inbox.AddNotificationsAsync([Entry("marker", "m1", Now - 5), Entry("marker", "m2", Now - 4)]);
        using var own = host.Client("marker", Roles.Analyst);
        Assert.Equal(HttpStatusCode.NoContent, (await own.PostAsync("/v1/users/marker/notifications/m1/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await own.PostAsync("/v1/users/marker/notifications/nope/read", null)).StatusCode);

        var unread = await own.GetFromJsonAsync<JsonElement>("/v1/users/marker/notifications?unread=true");
        Assert.Equal(new[] { "m2" }, unread.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        var all = await own.GetFromJsonAsync<JsonElement>("/v1/users/marker/notifications");
        var read = all.GetProperty("notifications").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "m1");
        Assert.Equal(QueryApiHost.Now, read.GetProperty("read_at").GetDateTimeOffset());
        Assert.Equal(3, read.GetProperty("payload").GetProperty("data").GetProperty("days").GetInt32());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("before=garbage", "before")]
    public async Task Bad_paging_parameters_are_a_problem_naming_the_parameter(string query, string field)
    {
        using var own = host.Client("bad", Roles.Analyst);
        var response = await own.GetAsync($"/v1/users/bad/notifications?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_stream_sends_new_notifications_and_ends_when_the_token_expires()
    {
        var tokens = new TokenService(Encoding.UTF8.GetBytes(QueryApiHost.SigningKey), new FixedTimeProvider(QueryApiHost.Now));
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/live-user/notifications/live");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("live-user", Roles.Analyst, TimeSpan.FromSeconds(4)));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await Inbox.AddNotificationsAsync([Entry("live-user", "fresh", Now + 1), Entry("other-user", "not-mine", Now + 2)]);
        var data = new List<string>();
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }
        // The stream ended by itself (the token expired) after sending exactly this user's new notification.
        var sent = Assert.Single(data);
        Assert.Equal("fresh", JsonDocument.Parse(sent).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Settings_are_validated_by_field_and_private_to_the_user()
    {
        using var own = host.Client("settler", Roles.Analyst);
        var defaults = await own.GetFromJsonAsync<JsonElement>("/v1/users/settler/notification-settings");
        Assert.Equal(7, defaults.GetProperty("inactivity_days").GetInt32());
        var zone = await own.PutAsJsonAsync("/v1/users/settler/notification-settings", new { time_zone = "Mars/Olympus_Mons" });
        Assert.Equal(HttpStatusCode.BadRequest, zone.StatusCode);
        Assert.Contains("time_zone", await zone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var percent = await own.PutAsJsonAsync("/v1/users/settler/notification-settings", new { goal_at_risk_percent = 150 });
        Assert.Contains("goal_at_risk_percent", await percent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stranger = host.Client("nosy", Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/users/settler/notification-settings")).StatusCode);
    }
}
