using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Auth.Tests;

/// <summary>
/// Issue 12's account items, one regression test each: password guessing meets a rate limit (429 problem+json),
/// admins grant the organiser role (which the next token carries), and a private profile hides everything of its
/// owner on every read, friends included.
/// </summary>
public sealed class AccountRegressionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const int Attempts = 3;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));
    private ServiceHost query = null!;

    public async Task InitializeAsync()
    {
        var settings = ServiceHost.Embedded(Path.Combine(directory, "splitstream.db"));
        settings["Accounts:PasswordGrants:PermitsPerWindow"] = Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Accounts:PasswordGrants:Window"] = "00:10:00";
        query = await ServiceHost.StartQueryAsync(null, settings);
    }

    public async Task DisposeAsync()
    {
        await query.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Password_grants_beyond_the_limit_are_429_problem_json_even_with_the_right_password()
    {
        using var anonymous = query.Client();
        await SignUpAsync(anonymous, "guessed");
        for (var i = 0; i < Attempts; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await PasswordGrantAsync(anonymous, "guessed", "guess-" + i)).StatusCode);
        }

        using var limited = await PasswordGrantAsync(anonymous, "guessed", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("password", problem.GetProperty("field").GetString());
        // The same client guessing another account is limited too (by its address).
        await SignUpAsync(anonymous, "other");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PasswordGrantAsync(anonymous, "other", Password)).StatusCode);
    }

    [Fact]
    public async Task An_admin_grants_the_organiser_role_and_the_next_token_carries_it()
    {
        using var anonymous = query.Client();
        await SignUpAsync(anonymous, "org");
        using var admin = query.Client(query.Tokens.Issue("root", Roles.Admin, TimeSpan.FromHours(1)));
        using var athlete = query.Client(query.Tokens.Issue("org", Roles.Athlete, TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.Forbidden, (await athlete.PutAsJsonAsync("/v1/admin/users/org/role", new { role = "organiser" })).StatusCode);
        var refused = await admin.PutAsJsonAsync("/v1/admin/users/org/role", new { role = "device" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/v1/admin/users/nobody/role", new { role = "organiser" })).StatusCode);
        var granted = await admin.PutAsJsonAsync("/v1/admin/users/org/role", new { role = "organiser" });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal("organiser", (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());

        using var login = await PasswordGrantAsync(anonymous, "org", Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.Equal(Roles.Organiser, query.Tokens.Validate(token).Role);
    }

    [Theory]
    [InlineData("friend")]
    [InlineData("stranger")]
    public async Task A_private_profile_hides_its_activities_list_stats_goals_and_progress_from_everyone_else(string viewer)
    {
        var store = query.Services.GetRequiredService<ISplitstreamStore>();
        var owner = "owner-" + viewer;
        var activityId = Guid.NewGuid().ToString();
        await query.Services.GetRequiredService<IAccountStore>().UpsertProfileAsync(new AccountProfile(owner, "Owner", AccountProfile.Public, null, null, null));
        await store.UpsertSummariesAsync([new ActivitySummary
        {
            ActivityId = activityId, UserId = owner, Sport = "run", Status = "finished", DistanceM = 5000, MovingTimeS = 1500, ElapsedTimeS = 1530,
            StartedAtMs = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds(), PointsCount = 1500,
        }]);
        if (viewer == "friend")
        {
            await store.AddFriendshipAsync(owner, viewer);
        }
        using var reader = query.Client(query.Tokens.Issue(viewer, Roles.Athlete, TimeSpan.FromHours(1)));
        using var self = query.Client(query.Tokens.Issue(owner, Roles.Athlete, TimeSpan.FromHours(1)));
        string[] reads = [$"/v1/activities/{activityId}", $"/v1/users/{owner}/activities", $"/v1/users/{owner}/stats", $"/v1/users/{owner}/goals",
            $"/v1/users/{owner}/progress"];
        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await self.PutAsJsonAsync($"/v1/users/{owner}/profile", new { display_name = "Owner", visibility = "private" })).StatusCode);

        foreach (var path in reads)
        {
            Assert.True((await reader.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, $"{viewer} still reads {path} of a private profile");
            Assert.Equal(HttpStatusCode.OK, (await self.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/v1/users/{owner}/profile")).StatusCode);
    }

    private static async Task SignUpAsync(HttpClient anonymous, string user) =>
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/v1/users",
            new { user_id = user, email = $"{user}@example.com", display_name = user, password = Password })).StatusCode);

    private static Task<HttpResponseMessage> PasswordGrantAsync(HttpClient anonymous, string user, string password) =>
        anonymous.PostAsync("/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = password,
        }));
}
