using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Splitstream.ServiceDefaults;

namespace Splitstream.Notifications.Tests;

public sealed class WebhooksApiTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    [Fact]
    public async Task A_user_subscribes_to_their_own_events_gets_a_whsec_secret_and_a_pending_verification_in_the_delivery_log()
    {
        using var own = host.Client("hooker", Roles.Analyst);
        var created = await own.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/in", events = new[] { "activity.finished", "weekly_summary" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("whsec_", hook.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.True(WebhookSignature.IsValidSecret(hook.GetProperty("secret").GetString()));
        Assert.Equal(("verifying", "hooker"), (hook.GetProperty("status").GetString(), hook.GetProperty("user_id").GetString()));
        var id = hook.GetProperty("id").GetString();

        var log = await own.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}/deliveries");
        var verification = Assert.Single(log.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(("webhook.verification", "pending"), (verification.GetProperty("type").GetString(), verification.GetProperty("status").GetString()));
        var listed = await own.GetFromJsonAsync<JsonElement>("/v1/webhooks");
        Assert.Contains(listed.GetProperty("webhooks").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(listed.GetProperty("webhooks").EnumerateArray(), w => w.TryGetProperty("secret", out var s) && s.ValueKind == JsonValueKind.String);

        var retry = await own.PostAsync($"/v1/webhooks/{id}/deliveries/{verification.GetProperty("id").GetString()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await own.PostAsync($"/v1/webhooks/{id}/deliveries/msg_nope/retry", null)).StatusCode);

        using var stranger = host.Client("snoop", Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/webhooks/{id}")).StatusCode);
        using var admin = host.Client("root", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/webhooks/{id}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_subscribes_to_another_users_or_everyones_events_and_devices_not_at_all()
    {
        using var user = host.Client("plain", Roles.Analyst);
        var other = await user.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/in", events = new[] { "*" }, user_id = "victim" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var admin = host.Client("root", Roles.Admin);
        var everyone = await admin.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/all", events = new[] { "*" }, user_id = "*" });
        Assert.Equal(HttpStatusCode.Created, everyone.StatusCode);
        Assert.Equal("*", (await everyone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user_id").GetString());
        using var device = host.Client("plain", Roles.Device);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await device.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/in", events = new[] { "*" } })).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "activity.finished", null, "url")]
    [InlineData("http://169.254.169.254/latest", "activity.finished", null, "url")]
    [InlineData("http://[::1]/hook", "activity.finished", null, "url")]
    [InlineData("https://hooks.example.com/in", "activity.started", null, "events")]
    [InlineData("https://hooks.example.com/in", "activity.finished", "whsec_c2hvcnQ=", "secret")]
    public async Task A_refused_target_an_unknown_event_or_a_weak_secret_is_a_problem_naming_the_field(string url, string type, string? secret, string field)
    {
        using var user = host.Client("validator", Roles.Analyst);
        var response = await user.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { type }, secret });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
