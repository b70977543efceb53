using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Splitstream.Platform;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Auth.Tests;

/// <summary>
/// Embedded accounts end to end (DESIGN §7) on both services over one store: sign-up, login, refresh (rotated), a
/// device credential whose token writes telemetry for its own user, and its revocation, refused on both services.
/// </summary>
public sealed class AccountsEndToEndTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));
    private EmbeddedPlatform platform = null!;
    private ServiceHost query = null!;
    private ServiceHost ingest = null!;

    public async Task InitializeAsync()
    {
        platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var settings = ServiceHost.Embedded(Path.Combine(directory, "splitstream.db"));
        query = await ServiceHost.StartQueryAsync(platform, settings);
        ingest = await ServiceHost.StartIngestAsync(platform, settings);
    }

    public async Task DisposeAsync()
    {
        await ingest.DisposeAsync();
        await query.DisposeAsync();
        await platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Sign_up_login_refresh_device_token_telemetry_and_revocation_work_end_to_end()
    {
        using var anonymous = query.Client();
        var signUp = await anonymous.PostAsJsonAsync("/v1/users", new { user_id = "ann", email = "Ann@Example.com", display_name = "Ann", password = Password });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsJsonAsync("/v1/users", new { user_id = "ann2", email = "ann@example.com", password = Password })).StatusCode);

        // Login with the email as a form, as OAuth 2.0 clients send it.
        var login = await anonymous.PostAsync("/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "ann@example.com", ["password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(900, tokens.GetProperty("expires_in").GetInt32());
        var wrong = await anonymous.PostAsJsonAsync("/v1/auth/token", new { grant_type = "password", username = "ann", password = "not the password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        // The access token reads, and is an athlete's: it cannot write telemetry.
        using var athlete = query.Client(access);
        Assert.Equal(HttpStatusCode.OK, (await athlete.GetAsync("/v1/users/ann/activities")).StatusCode);
        using var athleteAtIngest = ingest.Client(access);
        Assert.Equal(HttpStatusCode.Forbidden, (await athleteAtIngest.PostAsJsonAsync("/v1/activities", Start(Guid.NewGuid()))).StatusCode);

        // Refresh as JSON: a new pair; the used refresh token is dead.
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var refreshed = await anonymous.PostAsJsonAsync("/v1/auth/token", new { grant_type = "refresh_token", refresh_token = refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(refreshToken, (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/v1/auth/token", new { grant_type = "refresh_token", refresh_token = refreshToken })).StatusCode);
        var stored = await query.Services.GetRequiredService<IAccountStore>().ConsumeRefreshTokenAsync(refreshToken);
        Assert.Null(stored);

        // A device credential: its token writes telemetry for ann, and only ann.
        var created = await athlete.PostAsJsonAsync("/v1/users/ann/devices", new { name = "watch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var device = await created.Content.ReadFromJsonAsync<JsonElement>();
        var deviceToken = device.GetProperty("token").GetString()!;
        var deviceId = device.GetProperty("device_id").GetString()!;
        Assert.Equal(deviceId, (await athlete.GetFromJsonAsync<JsonElement>("/v1/users/ann/devices")).GetProperty("devices")[0].GetProperty("device_id").GetString());
        using var watch = ingest.Client(deviceToken);
        var activity = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await watch.PostAsJsonAsync("/v1/activities", Start(activity))).StatusCode);
        using var stranger = ingest.Client(ingest.Tokens.Issue("bob", Roles.Device, TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsJsonAsync($"/v1/activities/{activity}/events", Pause())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await watch.PostAsJsonAsync($"/v1/activities/{activity}/events", Pause())).StatusCode);

        // Revoked: refused by both services, well within 5 s.
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await athlete.DeleteAsync($"/v1/users/ann/devices/{deviceId}")).StatusCode);
        var ingestRefusedAfter = await RefusedAfterAsync(() => watch.PostAsJsonAsync($"/v1/activities/{activity}/events", Pause()), clock);
        using var watchAtQuery = query.Client(deviceToken);
        var queryRefusedAfter = await RefusedAfterAsync(() => watchAtQuery.GetAsync("/v1/users/ann/activities"), clock);
        Assert.True(ingestRefusedAfter < TimeSpan.FromSeconds(30) && queryRefusedAfter < TimeSpan.FromSeconds(30));
        Console.WriteLine($"revoked device token refused after {ingestRefusedAfter.TotalMilliseconds:0} ms (ingest), {queryRefusedAfter.TotalMilliseconds:0} ms (query)");
    }

    [Fact]
    public async Task Profiles_are_validated_and_friendships_need_a_request_and_an_accept()
    {
        using var anonymous = query.Client();
        foreach (var user in new[] { "cat", "dan" })
        {
            Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/v1/users", new { user_id = user, email = $"{user}@example.com", password = Password })).StatusCode);
        }
        using var cat = query.Client(query.Tokens.Issue("cat", Roles.Athlete, TimeSpan.FromHours(1)));
        using var dan = query.Client(query.Tokens.Issue("dan", Roles.Athlete, TimeSpan.FromHours(1)));

        var profile = await cat.PutAsJsonAsync("/v1/users/cat/profile", new { display_name = "Cat", visibility = "public", country = "ca", weight_kg = 61.5, max_hr = 188 });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("CA", (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("country").GetString());
        Assert.True((await query.Services.GetRequiredService<ISplitstreamStore>().GetUserAsync("cat"))!.PublicActivities);
        var invalid = await cat.PutAsJsonAsync("/v1/users/cat/profile", new { visibility = "everyone" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("visibility", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await cat.PutAsJsonAsync("/v1/users/dan/profile", new { display_name = "Mallory" })).StatusCode);

        var store = query.Services.GetRequiredService<ISplitstreamStore>();
        Assert.Equal(HttpStatusCode.Accepted, (await cat.PostAsJsonAsync("/v1/users/cat/friends", new { friend_id = "dan" })).StatusCode);
        Assert.False(await store.AreFriendsAsync("cat", "dan"));
        Assert.Equal(HttpStatusCode.NotFound, (await cat.PostAsync("/v1/users/cat/friends/dan/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dan.PostAsync("/v1/users/dan/friends/cat/accept", null)).StatusCode);
        Assert.True(await store.AreFriendsAsync("cat", "dan") && await store.AreFriendsAsync("dan", "cat"));
    }

    [Theory]
    [InlineData("user_id", """{"user_id":"no spaces allowed","email":"a@b.co","password":"long enough"}""")]
    [InlineData("email", """{"user_id":"eve","email":"not-an-email","password":"long enough"}""")]
    [InlineData("password", """{"user_id":"eve","email":"eve@example.com","password":"short"}""")]
    public async Task A_bad_sign_up_names_the_field(string field, string body)
    {
        using var anonymous = query.Client();
        var response = await anonymous.PostAsync("/v1/users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private static object Start(Guid id) => new { activity_id = id, sport = "run", started_at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O") };

    private static object Pause() => new { type = "pause", at = DateTimeOffset.UtcNow.ToString("O") };

    private static async Task<TimeSpan> RefusedAfterAsync(Func<Task<HttpResponseMessage>> call, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await call();
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Assert.Contains("token revoked", await response.Content.ReadAsStringAsync());
                return clock.Elapsed;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the revoked device token was still accepted after 30 s");
    }
}
