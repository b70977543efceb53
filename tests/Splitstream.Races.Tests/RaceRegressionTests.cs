using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Splitstream.ServiceDefaults;
using Splitstream.Testing;
using static Splitstream.Races.Tests.StandingsProducer;

namespace Splitstream.Races.Tests;

/// <summary>One regression test per confirmed race ownership and privacy problem of issue 12.</summary>
public sealed class RaceRegressionTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static string NewRace() => "race-" + Guid.NewGuid().ToString("N")[..8];

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<JsonElement> EventuallyOkAsync(HttpClient http, string path)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
        {
            var response = await http.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            Assert.True(DateTime.UtcNow < deadline, $"{path}: still {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Another_organiser_can_neither_claim_nor_lock_out_a_race_that_is_taken()
    {
        var race = NewRace();
        await using var producer = await StandingsProducer.CreateAsync(fixture.Platform);
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform);
        using var owner = host.Client("org-1", Roles.Organiser);
        using var intruder = host.Client("org-2", Roles.Organiser);
        using var racer = host.Client("ann", Roles.Device);
        await RaceObjects.CreateAsync(owner, race);
        await RaceObjects.RegisterAsync(owner, race, "ann", "7");
        await producer.PublishAsync(Standings(race, NowMs, ("ann", 100)));

        // The same id again by someone else: 409 naming race_id, and the race is unchanged.
        var again = await intruder.PostAsJsonAsync("/v1/races", new
        {
            race_id = race, name = "mine now", sport = "run", scheduled_start = DateTimeOffset.UtcNow,
            course_polyline = RaceObjects.StraightPolyline, visibility = "private",
        });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("race_id", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        // Setting it private is the owner's: another organiser gets 403; an id nobody created cannot be claimed by setting it.
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.PutAsJsonAsync($"/v1/races/{race}", new { @private = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PutAsJsonAsync($"/v1/races/{NewRace()}", new { @private = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.PutAsJsonAsync($"/v1/races/{race}/owner", new { user_id = "org-2" })).StatusCode);

        var seen = await EventuallyOkAsync(owner, $"/v1/races/{race}");
        Assert.Equal(("org-1", "public"), (seen.GetProperty("organiser_id").GetString(), seen.GetProperty("visibility").GetString()));
        // The standings come from race.standings.v1, read by the query API on its own: 404 until that record arrives (ci24).
        await EventuallyOkAsync(racer, $"/v1/races/{race}/standings");

        // A transfer moves the rights: the new owner manages it, the old one no longer does.
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/v1/races/{race}/owner", new { user_id = "org-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await intruder.PutAsJsonAsync($"/v1/races/{race}", new { @private = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync($"/v1/races/{race}", new { @private = false })).StatusCode);
        // Registered racers keep seeing their private race.
        Assert.Equal(HttpStatusCode.OK, (await racer.GetAsync($"/v1/races/{race}/standings")).StatusCode);
    }

    [Fact]
    public async Task A_device_whose_user_is_not_registered_cannot_join_a_race_and_a_new_registration_counts_within_seconds()
    {
        var race = NewRace();
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform);
        await using var gateway = await IngestGateway.StartAsync(fixture.Platform,
            new Dictionary<string, string?> { ["Store:SqlitePath"] = host.StorePath }, signingKey: RacesQueryHost.SigningKey);
        using var organiser = host.Client("org-1", Roles.Organiser);
        await RaceObjects.CreateAsync(organiser, race, visibility: "private");
        using var device = new HttpClient { BaseAddress = gateway.BaseUrl };
        device.DefaultRequestHeaders.Authorization = new("Bearer", RacesQueryHost.Token("zoe", Roles.Device));

        var refused = await device.PostAsJsonAsync("/v1/activities", Start(race));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("race_id", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsJsonAsync("/v1/activities", Start("no-such-race"))).StatusCode);

        await RaceObjects.RegisterAsync(organiser, race, "zoe", "12");
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(200))
        {
            var response = await device.PostAsJsonAsync("/v1/activities", Start(race));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                break;
            }
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "a newly registered racer was still refused after 20 s");
        }

        static object Start(string raceId) => new
        {
            activity_id = Guid.NewGuid().ToString(), sport = "run", started_at = DateTimeOffset.UtcNow.AddMinutes(-1), race_id = raceId,
        };
    }

    [Fact]
    public async Task Standings_show_strangers_and_spectators_names_and_bibs_of_consenting_racers_and_mask_everyone_else()
    {
        var publicRace = NewRace();
        var privateRace = NewRace();
        await using var producer = await StandingsProducer.CreateAsync(fixture.Platform);
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform);
        using var organiser = host.Client("org-1", Roles.Organiser);
        using var stranger = host.Client("stranger");
        using var spectator = host.Client(null);
        using var ann = host.Client("ann", Roles.Device);
        await RaceObjects.CreateAsync(organiser, publicRace);
        await RaceObjects.CreateAsync(organiser, privateRace, visibility: "private");
        foreach (var race in new[] { publicRace, privateRace })
        {
            // sim-2's activities are private (seed); registering for the public race is their consent to appear in it.
            await RaceObjects.RegisterAsync(organiser, race, "sim-2", "2");
            await RaceObjects.RegisterAsync(organiser, race, "ann", "1");
            // "ghost" ran with the race id but is not registered (data from before registrations): always masked.
            await producer.PublishAsync(Standings(race, NowMs, ("sim-2", 300), ("ann", 200), ("ghost", 100)));
        }

        foreach (var viewer in new[] { stranger, spectator })
        {
            var racers = (await EventuallyOkAsync(viewer, $"/v1/races/{publicRace}/standings")).GetProperty("racers").EnumerateArray().ToList();
            Assert.All(racers, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("user_id").ValueKind));
            Assert.All(racers, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("activity_id").ValueKind));
            Assert.Equal(("2", false, 45.5), (racers[0].GetProperty("bib").GetString(), racers[0].GetProperty("masked").GetBoolean(), racers[0].GetProperty("lat").GetDouble()));
            Assert.True(racers[2].GetProperty("masked").GetBoolean());
            Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null),
                (racers[2].GetProperty("lat").ValueKind, racers[2].GetProperty("lon").ValueKind, racers[2].GetProperty("display_name").ValueKind));
            // A private race does not exist for them.
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/v1/races/{privateRace}/standings")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/v1/races/{privateRace}/live")).StatusCode);
        }

        // In the private race a fellow racer sees their own row whole, and sim-2 (private profile, no consent there) masked.
        var seenByAnn = (await EventuallyOkAsync(ann, $"/v1/races/{privateRace}/standings")).GetProperty("racers").EnumerateArray().ToList();
        Assert.True(seenByAnn[0].GetProperty("masked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seenByAnn[0].GetProperty("lat").ValueKind);
        Assert.Equal(("ann", "act-ann"), (seenByAnn[1].GetProperty("user_id").GetString(), seenByAnn[1].GetProperty("activity_id").GetString()));
        // The organiser sees everything.
        var seenByOrganiser = (await EventuallyOkAsync(organiser, $"/v1/races/{privateRace}/standings")).GetProperty("racers").EnumerateArray();
        Assert.Equal(["sim-2", "ann", "ghost"], seenByOrganiser.Select(r => r.GetProperty("user_id").GetString()));
    }

    [Fact]
    public async Task An_open_stream_ends_when_the_race_turns_private()
    {
        var race = NewRace();
        await using var producer = await StandingsProducer.CreateAsync(fixture.Platform);
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform, new Dictionary<string, string?> { ["Races:AccessRecheck"] = "00:00:00.200" });
        using var organiser = host.Client("org-1", Roles.Organiser);
        await RaceObjects.CreateAsync(organiser, race);
        await producer.PublishAsync(Standings(race, NowMs, ("ann", 100)));
        await EventuallyOkAsync(organiser, $"/v1/races/{race}/standings");
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await using var stranger = await SseClient.ConnectAsync(http, $"/v1/races/{race}/live?access_token={RacesQueryHost.Token("stranger")}");
        await using var spectator = await SseClient.ConnectAsync(http, $"/v1/races/{race}/live");
        await stranger.NextAsync(TimeSpan.FromSeconds(10));
        await spectator.NextAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, (await organiser.PutAsJsonAsync($"/v1/races/{race}", new { @private = true })).StatusCode);
        var closing = Task.WhenAll(stranger.EndAsync(TimeSpan.FromSeconds(20)), spectator.EndAsync(TimeSpan.FromSeconds(20)));
        for (var i = 0; i < 20 && !closing.IsCompleted; i++)
        {
            await producer.PublishAsync(Standings(race, NowMs, ("ann", 200 + i)));
            await Task.Delay(100);
        }

        var eventsAfter = await closing;
        // At most what was already on its way when the recheck ran; the stream then ends instead of carrying on.
        Assert.All(eventsAfter, n => Assert.InRange(n, 0, 3));
        Assert.Equal(0, host.View.SubscriberCount(race));
    }

    [Fact]
    public async Task An_open_stream_ends_when_its_token_expires()
    {
        var race = NewRace();
        await using var producer = await StandingsProducer.CreateAsync(fixture.Platform);
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform);
        using var organiser = host.Client("org-1", Roles.Organiser);
        await RaceObjects.CreateAsync(organiser, race, visibility: "private");
        await producer.PublishAsync(Standings(race, NowMs, ("ann", 100)));
        await EventuallyOkAsync(organiser, $"/v1/races/{race}/standings");
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var shortLived = RacesQueryHost.Token("org-1", Roles.Organiser, TimeSpan.FromSeconds(3));
        await using var sse = await SseClient.ConnectAsync(http, $"/v1/races/{race}/live?access_token={shortLived}");
        await sse.NextAsync(TimeSpan.FromSeconds(10));

        var ended = sse.EndAsync(TimeSpan.FromSeconds(30));
        while (!ended.IsCompleted)
        {
            await producer.PublishAsync(Standings(race, NowMs, ("ann", 100 + NowMs % 1000)));
            await Task.WhenAny(ended, Task.Delay(200));
        }
        await ended;

        // Coming back with the expired token, the private race does not exist for it.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/races/{race}/live?access_token={shortLived}")).StatusCode);
    }

    [Fact]
    public async Task Subscriber_state_is_freed_with_the_last_subscriber_and_capped()
    {
        await using var host = await RacesQueryHost.StartAsync(fixture.Platform, new Dictionary<string, string?> { ["Races:MaxSubscribersPerRace"] = "1" });
        await host.WaitCaughtUpAsync();
        using var organiser = host.Client("org-1", Roles.Organiser);
        var race = NewRace();
        await RaceObjects.CreateAsync(organiser, race);
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

        // Streams of races that do not exist are refused before any state is kept.
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/races/{NewRace()}/live", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        }
        Assert.Equal(0, host.View.SubscribedRaceCount);

        var first = await SseClient.ConnectAsync(http, $"/v1/races/{race}/live");
        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        using (var second = await http.GetAsync($"/v1/races/{race}/live", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }
        Assert.Equal(1, host.View.SubscribedRaceCount);
        await first.DisposeAsync();
        for (var deadline = DateTime.UtcNow.AddSeconds(20); host.View.SubscribedRaceCount > 0; await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "the race's subscriber entry outlived its last subscriber");
        }
    }
}
