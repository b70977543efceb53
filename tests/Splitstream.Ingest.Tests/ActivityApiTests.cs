using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest.Tests;

[Collection(IngestCollection.Name)]
public sealed class ActivityApiTests(IngestFixture fixture)
{
    [Fact]
    public async Task Start_is_201_then_200_with_the_same_body_and_one_Started_record_keyed_by_the_activity()
    {
        using var http = fixture.Gateway.Client("runner-1");
        var id = Guid.NewGuid().ToString();
        // Only registered racers start race activities (DESIGN §8): race-7 exists in the gateway's store with runner-1 on it.
        var races = fixture.Gateway.Service<IRaceStore>();
        await races.CreateRaceAsync(new RaceDetails("race-7", "org-1", "Race 7", "run", 0, [new(45.5, -73.58), new(45.51, -73.58)], [], false, false, 0, 1));
        await races.AddParticipantAsync("race-7", "runner-1", null, 0);

        var first = await http.PostAsJsonAsync("/v1/activities", Requests.StartBody(id, raceId: "race-7"));
        var again = await http.PostAsJsonAsync("/v1/activities", Requests.StartBody(id, raceId: "race-7"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await again.Content.ReadAsStringAsync());
        Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("activity_id").GetString());
        Assert.Equal("active", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());

        var records = fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser);
        var started = Assert.Single(records).Value;
        Assert.Equal(ActivityEvent.KindOneofCase.Started, started.KindCase);
        Assert.Equal("runner-1", started.Started.UserId);
        Assert.Equal("run", started.Started.Sport);
        Assert.Equal("race-7", started.Started.RaceId);
        Assert.Equal("CA", started.Started.Country);
        Assert.Equal(Requests.Start.ToUnixTimeMilliseconds(), started.EventTimeMs);
    }

    [Fact]
    public async Task Starting_an_activity_in_a_race_the_user_is_not_registered_for_is_403_naming_race_id()
    {
        using var http = fixture.Gateway.Client("runner-2");

        var response = await http.PostAsJsonAsync("/v1/activities", Requests.StartBody(Guid.NewGuid().ToString(), raceId: "race-nobody-made"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("race_id", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Start_with_another_users_activity_id_is_409()
    {
        using var owner = fixture.Gateway.Client("owner");
        using var stranger = fixture.Gateway.Client("stranger");
        var id = await Requests.StartActivityAsync(owner);

        var response = await stranger.PostAsJsonAsync("/v1/activities", Requests.StartBody(id));

        await Requests.ProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"sport":"run","started_at":"2026-01-01T10:00:00Z"}""", "activity_id")]
    [InlineData("""{"activity_id":"not-a-uuid","sport":"run","started_at":"2026-01-01T10:00:00Z"}""", "activity_id")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"swim","started_at":"2026-01-01T10:00:00Z"}""", "sport")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2026-01-01 10:00"}""", "started_at")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2026-01-01T10:00:00"}""", "started_at")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2999-01-01T10:00:00Z"}""", "started_at")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2026-01-01T10:00:00Z","country":"CAN"}""", "country")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2026-01-01T10:00:00Z","race_id":"a b"}""", "race_id")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":1,"started_at":"2026-01-01T10:00:00Z"}""", "sport")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"activity_id":""", "body")]
    [InlineData("""{"activity_id":12345,"sport":"run","started_at":"2026-01-01T10:00:00Z"}""", "activity_id")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":1767261600000}""", "started_at")]
    [InlineData("""{"activity_id":"7f1c1a52-0b7e-4f43-9a55-3c4f1c0e9b11","sport":"run","started_at":"2026-01-01T10:00:00Z","country":["CA"]}""", "country")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    public async Task Invalid_start_is_400_naming_the_field(string body, string field)
    {
        using var http = fixture.Gateway.Client();

        var response = await http.PostAsync("/v1/activities", Requests.Json(body));

        var problem = await Requests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, Requests.ErrorFields(problem));
    }

    [Fact]
    public async Task Lifecycle_events_are_202_and_land_in_order_on_the_activity_events_topic()
    {
        using var http = fixture.Gateway.Client("u-events");
        var id = await Requests.StartActivityAsync(http);

        foreach (var (type, minute) in new[] { ("pause", 5), ("resume", 7), ("stop", 30) })
        {
            var response = await http.PostAsJsonAsync($"/v1/activities/{id}/events",
                new { type, at = Requests.Start.AddMinutes(minute).ToString("O") });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var kinds = fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser).Select(r => r.Value.KindCase).ToList();
        Assert.Equal([ActivityEvent.KindOneofCase.Started, ActivityEvent.KindOneofCase.Paused, ActivityEvent.KindOneofCase.Resumed, ActivityEvent.KindOneofCase.Stopped], kinds);
        Assert.True(fixture.Gateway.Service<ActivityRegistry>().TryGet(id, out var registered));
        Assert.Equal(ActivityStatus.Finished, registered.Status);
    }

    [Theory]
    [InlineData("""{"type":"jump","at":"2026-01-01T10:00:00Z"}""", "type")]
    [InlineData("""{"type":"stop"}""", "at")]
    [InlineData("""{"type":"stop","at":"yesterday"}""", "at")]
    [InlineData("""{"type":"stop","at":"2000-01-01T00:00:00Z"}""", "at")]
    [InlineData("""{"type":"stop","at":"2999-01-01T00:00:00Z"}""", "at")]
    [InlineData("""{"type":1,"at":"2026-01-01T10:00:00Z"}""", "type")]
    [InlineData("""{"type":"stop","at":{"when":"now"}}""", "at")]
    [InlineData("""{"type":""", "body")]
    [InlineData("""[]""", "body")]
    [InlineData(""""pause"""", "body")]
    public async Task Invalid_event_is_400_naming_the_field(string body, string field)
    {
        using var http = fixture.Gateway.Client("u-bad-events");
        var id = await Requests.StartActivityAsync(http);

        var response = await http.PostAsync($"/v1/activities/{id}/events", Requests.Json(body));

        var problem = await Requests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, Requests.ErrorFields(problem));
    }

    [Theory]
    [InlineData("start")]
    [InlineData("event")]
    [InlineData("manual")]
    public async Task A_small_body_over_16_KiB_is_413_and_one_that_is_not_JSON_415(string route)
    {
        using var http = fixture.Gateway.Client("u-small-bodies");
        var path = route switch
        {
            "start" => "/v1/activities",
            "manual" => "/v1/activities/manual",
            _ => $"/v1/activities/{await Requests.StartActivityAsync(http)}/events",
        };
        var padded = $$"""{"type":"stop","sport":"run","notes":"{{new string('x', IngestApi.MaxSmallBodyBytes)}}"}""";

        await Requests.ProblemAsync(await http.PostAsync(path, Requests.Json(padded)), HttpStatusCode.RequestEntityTooLarge);
        await Requests.ProblemAsync(await http.PostAsync(path, new StringContent("type=stop", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Event_for_an_unknown_activity_is_404_and_for_another_users_is_403()
    {
        using var owner = fixture.Gateway.Client("owner-2");
        using var stranger = fixture.Gateway.Client("stranger-2");
        var id = await Requests.StartActivityAsync(owner);
        var stop = new { type = "stop", at = Requests.Start.AddMinutes(1).ToString("O") };

        await Requests.ProblemAsync(await owner.PostAsJsonAsync($"/v1/activities/{Guid.NewGuid()}/events", stop), HttpStatusCode.NotFound);
        await Requests.ProblemAsync(await stranger.PostAsJsonAsync($"/v1/activities/{id}/events", stop), HttpStatusCode.Forbidden);
        Assert.Single(fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser));
    }

    public static TheoryData<string, string?> BadTokens()
    {
        var otherKey = new TokenService(System.Text.Encoding.UTF8.GetBytes("some-other-key-that-is-long-enough-0123456789"));
        return new TheoryData<string, string?>
        {
            { "missing", null },
            { "malformed", "not.a.jwt" },
            { "wrong signature", otherKey.Issue("u1", Roles.Device, TimeSpan.FromHours(1)) },
            { "expired", IngestGateway.Tokens.Issue("u1", Roles.Device, TimeSpan.FromSeconds(-10)) },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Every_write_route_is_401_without_a_valid_token(string why, string? token)
    {
        using var http = fixture.Gateway.Client(null);
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var id = Guid.NewGuid();
        string[] routes = ["/v1/activities", $"/v1/activities/{id}/events", $"/v1/activities/{id}/samples", "/v1/uploads?sport=run"];

        foreach (var route in routes)
        {
            var response = await http.PostAsync(route, Requests.Json(new JsonObject()));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {route} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/v1/ws/activities/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route()
    {
        using var http = fixture.Gateway.Client(null);

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/activities", paths);
        Assert.Contains("/v1/activities/{id}/events", paths);
        Assert.Contains("/v1/activities/{id}/samples", paths);
        Assert.Contains("/v1/uploads", paths);
    }
}
