using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Splitstream.QueryApi.Races;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.QueryApi;

/// <summary>
/// Live race standings (DESIGN §5, §8): the current standings as JSON, the same as Server-Sent Events (one event per
/// change, heartbeat comments in between), the results once a race is over, and the live race page. The race objects'
/// routes are <see cref="RaceObjectsApi"/>'s.
/// </summary>
public static class RacesApi
{
    public const int MaxRaceIdLength = 128;

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(RacesApi).Assembly.GetManifestResourceStream("race-page.html")
            ?? throw new InvalidOperationException("the live race page is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static RouteGroupBuilder MapRacesApiV1(this RouteGroupBuilder v1)
    {
        var races = v1.MapGroup("/races").WithTags("races");
        races.MapRaceObjectsApiV1();
        // Public races are for spectators without a token (DESIGN §8): these routes decide per race (RacePrivacy).
        // 503 while the view loads: a ProblemHttpResult declares no status of its own, so it is declared here.
        races.MapGet("/{race}/standings", GetStandings).WithName("GetRaceStandings").ProducesProblem(StatusCodes.Status503ServiceUnavailable).AllowAnonymous();
        races.MapGet("/{race}/live", Live).WithName("GetRaceLive").Produces(StatusCodes.Status200OK, contentType: "text/event-stream").AllowAnonymous();
        races.MapGet("/{race}/results", GetResults).WithName("GetRaceResults").ProducesProblem(StatusCodes.Status503ServiceUnavailable).AllowAnonymous();
        return races;
    }

    /// <summary>GET /races/{race}: the live page. Anonymous: it holds no data; it reads the stream with the viewer's token, if any.</summary>
    public static IEndpointConventionBuilder MapRacePage(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/races/{race}", GetPage).WithName("GetRacePage").WithTags("races").AllowAnonymous()
            .AddEndpointFilter(ContentSecurityPolicy.Filter(() => Page.Value));

    public static ContentHttpResult GetPage(string race) => TypedResults.Content(Page.Value, "text/html; charset=utf-8");

    public static Task<Results<Ok<StandingsResponse>, Results<NotFound, ProblemHttpResult, ValidationProblem>>> GetStandings(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, HttpResponse response, CancellationToken cancellationToken) =>
        WithStandingsAsync(race, user, privacy, view, response, (access, standings) =>
        {
            response.Headers.CacheControl = "private, no-cache";
            return TypedResults.Ok(access.Present(standings));
        }, cancellationToken);

    /// <summary>
    /// GET /v1/races/{race}/results: once the race is over (nobody on the course any more), the official results:
    /// finishers ranked by their finish-line time, everyone else DNF. 409 while the race is live.
    /// </summary>
    public static Task<Results<Results<Ok<RaceResultsResponse>, Conflict<ProblemDetails>>, Results<NotFound, ProblemHttpResult, ValidationProblem>>> GetResults(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, HttpResponse response, CancellationToken cancellationToken) =>
        WithStandingsAsync(race, user, privacy, view, response, OfficialResults, cancellationToken);

    private static Results<Ok<RaceResultsResponse>, Conflict<ProblemDetails>> OfficialResults(RaceAccess access, RaceStandings standings)
    {
        if (standings.Live)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Title = "race in progress", Status = StatusCodes.Status409Conflict, Detail = "results are published when the race ends",
            });
        }
        var rows = standings.Racers.Select(r => (Standing: r, Shown: access.Present(r))).ToList();
        var results = rows.Select(r => new RaceResultRow(
            r.Standing.Finished ? r.Standing.Rank : null, r.Shown.UserId, r.Shown.DisplayName, r.Shown.Bib, r.Shown.Masked,
            r.Standing.Finished ? "finished" : "dnf", r.Shown.FinishTimeS, r.Standing.CourseDistanceM, r.Shown.Checkpoints)).ToList();
        return TypedResults.Ok(new RaceResultsResponse(standings.RaceId, DateTimeOffset.FromUnixTimeMilliseconds(standings.GeneratedAtMs),
            standings.CourseLengthM, results));
    }

    /// <summary>
    /// What the standings and the results open with: a race id that is not too long, a view that has loaded (else 503
    /// with <c>Retry-After</c>), and a viewer allowed to see a race that has standings (else 404, as for no race at
    /// all); then <paramref name="respond"/> answers with what that viewer may see of them.
    /// </summary>
    private static async Task<Results<TAnswer, Results<NotFound, ProblemHttpResult, ValidationProblem>>> WithStandingsAsync<TAnswer>(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, HttpResponse response,
        Func<RaceAccess, RaceStandings, TAnswer> respond, CancellationToken cancellationToken)
        where TAnswer : IResult
    {
        if (Invalid(race) is { } invalid)
        {
            return (Results<NotFound, ProblemHttpResult, ValidationProblem>)invalid;
        }
        if (!view.CaughtUp)
        {
            response.Headers.RetryAfter = "1";
            return (Results<NotFound, ProblemHttpResult, ValidationProblem>)TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "race standings are loading");
        }
        if (await privacy.AccessAsync(user, race, cancellationToken) is not { } access || view.Get(race) is not { } standings)
        {
            return (Results<NotFound, ProblemHttpResult, ValidationProblem>)TypedResults.NotFound();
        }
        return respond(access, standings);
    }

    /// <summary>
    /// Server-Sent Events: the current standings at once (if any), then one <c>standings</c> event per change, a
    /// heartbeat comment when nothing changed for <see cref="RaceStreamOptions.Heartbeat"/>. The viewer's right is
    /// checked again every <see cref="RaceStreamOptions.AccessRecheck"/>, and the stream ends when it is lost (the
    /// race turned private, the viewer was removed) or when the viewer's token expires; it also ends when the client or the host goes.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> Live(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, RaceStreamOptions stream, IOptions<JsonOptions> json,
        TimeProvider clock, IHostApplicationLifetime lifetime, HttpResponse response, CancellationToken cancellationToken)
    {
        if (Invalid(race) is { } invalid)
        {
            return invalid;
        }
        // A race nobody created and nobody ran is 404 before any subscriber state is kept for it.
        if (await privacy.AccessAsync(user, race, cancellationToken) is not { } access || (access.Race is null && view.Get(race) is null))
        {
            return TypedResults.NotFound();
        }
        // Subscribe before reading the current standings: a change in between is then seen twice, never missed.
        using var subscription = view.Subscribe(race);
        if (subscription is null)
        {
            response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "too many live streams; try again later");
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        if (user.TokenExpires() is { } expires)
        {
            // Wall clock, not the injectable one: the token's lifetime is real time.
            stop.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, (expires - DateTimeOffset.UtcNow).TotalMilliseconds)));
        }
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var options = json.Value.SerializerOptions;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", stop.Token);
            RaceStandings? sent = null;
            if (view.Get(race) is { } current)
            {
                await WriteEventAsync(response, access.Present(current), current.GeneratedAtMs, options, stop.Token);
                sent = current;
            }
            await response.Body.FlushAsync(stop.Token);
            var lastBeat = clock.GetUtcNow();
            while (!stop.IsCancellationRequested)
            {
                var next = await NextOrTimeoutAsync(subscription, stream.AccessRecheck < stream.Heartbeat ? stream.AccessRecheck : stream.Heartbeat, stop.Token);
                if (await privacy.AccessAsync(user, race, stop.Token) is not { } now)
                {
                    break;
                }
                access = now;
                if (next is not null && !ReferenceEquals(next, sent))
                {
                    await WriteEventAsync(response, access.Present(next), next.GeneratedAtMs, options, stop.Token);
                    sent = next;
                    lastBeat = clock.GetUtcNow();
                }
                else if (clock.GetUtcNow() - lastBeat >= stream.Heartbeat)
                {
                    await response.WriteAsync(": heartbeat\n\n", stop.Token);
                    lastBeat = clock.GetUtcNow();
                }
                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, the token expired or the host is stopping: the stream simply ends.
        }
        return TypedResults.Empty;
    }

    public static ValidationProblem? Invalid(string race) =>
        string.IsNullOrWhiteSpace(race) || race.Length > MaxRaceIdLength
            ? TypedResults.ValidationProblem(QueryParameters.Error("race", $"must be 1 to {MaxRaceIdLength} characters"))
            : null;

    /// <summary>The next change, or null when <paramref name="wait"/> passed without one.</summary>
    private static async Task<RaceStandings?> NextOrTimeoutAsync(
        RaceStandingsView.Subscription subscription, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await subscription.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, StandingsResponse standings, long id, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(standings, options);
        await response.WriteAsync($"event: standings\nid: {id}\ndata: {data}\n\n", cancellationToken);
    }
}
