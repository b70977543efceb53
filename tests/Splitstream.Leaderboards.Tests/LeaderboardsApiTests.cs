using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Leaderboards.Tests;

/// <summary>GET /v1/leaderboards/weekly-distance/{sport} over Kestrel: boards from the store, validation, tokens, masking.</summary>
public sealed class LeaderboardsApiTests(PublishingQueryApiHost host) : IClassFixture<PublishingQueryApiHost>
{
    [Fact]
    public async Task A_board_is_served_in_rank_order_and_masks_athletes_who_dont_share_with_the_viewer()
    {
        var (viewer, friend, shared, hidden) = (Id("viewer"), Id("friend"), Id("shared"), Id("hidden"));
        await host.Store.UpsertUserAsync(new UserProfile(shared, "Shared Athlete", PublicActivities: true));
        await host.Store.UpsertUserAsync(new UserProfile(hidden, "Hidden Athlete", PublicActivities: false));
        await host.Store.UpsertUserAsync(new UserProfile(friend, "Friend", PublicActivities: false));
        await host.Store.AddFriendshipAsync(viewer, friend);
        var country = "N" + (char)('A' + Random.Shared.Next(26));
        await host.Store.ReplaceLeaderboardsAsync([Board($"weekly-distance:run:{country}:2026-W47", (hidden, 21_000), (shared, 15_000), (friend, 9_000), (viewer, 5_000))]);
        using var http = host.Client(viewer);

        var body = await http.GetFromJsonAsync<JsonElement>($"/v1/leaderboards/weekly-distance/run?scope={country.ToLowerInvariant()}&week=2026-W47");

        Assert.Equal($"weekly-distance:run:{country}:2026-W47", body.GetProperty("board_id").GetString());
        var entries = body.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], entries.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal([null, shared, friend, viewer], entries.Select(e => e.GetProperty("user_id").GetString()));
        Assert.Equal([true, false, false, false], entries.Select(e => e.GetProperty("masked").GetBoolean()));
        Assert.Equal([21_000.0, 15_000, 9_000, 5_000], entries.Select(e => e.GetProperty("distance_m").GetDouble()));
        Assert.Equal("Shared Athlete", entries[1].GetProperty("display_name").GetString());

        // The hidden athlete sees themselves.
        using var self = host.Client(hidden);
        var own = await self.GetFromJsonAsync<JsonElement>($"/v1/leaderboards/weekly-distance/run?scope={country}&week=2026-W47&limit=2");
        Assert.Equal([hidden, shared], own.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("user_id").GetString()));
    }

    [Fact]
    public async Task Scope_defaults_to_global_and_week_to_the_current_ISO_week()
    {
        var user = Id("runner");
        await host.Store.UpsertUserAsync(new UserProfile(user, "", PublicActivities: true));
        await host.Store.ReplaceLeaderboardsAsync([Board("weekly-distance:hike:global:2026-W47", (user, 12_345))]);
        using var http = host.Client(Id("viewer"));

        var body = await http.GetFromJsonAsync<JsonElement>("/v1/leaderboards/weekly-distance/HIKE");

        Assert.Equal(("hike", "global", "2026-W47"), (body.GetProperty("sport").GetString(), body.GetProperty("scope").GetString(), body.GetProperty("week").GetString()));
        Assert.Equal(user, body.GetProperty("entries")[0].GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task A_week_nobody_was_active_in_is_an_empty_board()
    {
        using var http = host.Client(Id("viewer"));

        var response = await http.GetAsync("/v1/leaderboards/weekly-distance/walk?scope=global&week=2019-W02");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("entries").GetArrayLength());
        Assert.Equal("weekly-distance:walk:global:2019-W02", body.GetProperty("board_id").GetString());
    }

    [Theory]
    [InlineData("swim", "", "sport")]
    [InlineData("run", "?scope=Canada", "scope")]
    [InlineData("run", "?scope=C1", "scope")]
    [InlineData("run", "?week=2026-47", "week")]
    [InlineData("run", "?week=2025-W53", "week")] // 2025 has 52 ISO weeks
    [InlineData("run", "?week=2026-W00", "week")]
    [InlineData("run", "?limit=0", "limit")]
    [InlineData("run", "?limit=101", "limit")]
    [InlineData("run", "?limit=ten", "limit")]
    public async Task Bad_parameters_are_400_problems_naming_the_field(string sport, string query, string field)
    {
        using var http = host.Client(Id("viewer"));

        var response = await http.GetAsync($"/v1/leaderboards/weekly-distance/{sport}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
    }

    [Fact]
    public async Task Reading_a_board_needs_a_token()
    {
        using var anonymous = host.Client(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/leaderboards/weekly-distance/run")).StatusCode);
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static Leaderboard Board(string boardId, params (string User, double Distance)[] entries)
    {
        var parts = boardId.Split(':');
        var board = new Leaderboard { BoardId = boardId, Sport = parts[1], Scope = parts[2], Week = parts[3], UpdatedAtMs = QueryApiHost.Now.ToUnixTimeMilliseconds() };
        board.Entries.AddRange(entries.Select((e, i) => new LeaderboardEntry { Rank = i + 1, UserId = e.User, DistanceM = e.Distance, Activities = 1 }));
        return board;
    }
}
