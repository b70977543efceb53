using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Splitstream.QueryApi.Races;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// Live race standings (DESIGN §5): the current standings as JSON, the same as Server-Sent Events (one event per
/// change, heartbeat comments in between), race settings for organisers, and the live race page.
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
        races.MapGet("/{race}/standings", GetStandings).WithName("GetRaceStandings").RequireAuthorization(Policies.Read);
        races.MapGet("/{race}/live", Live).WithName("GetRaceLive").Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .RequireAuthorization(Policies.Read);
        races.MapPut("/{race}", PutSettings).WithName("PutRaceSettings").RequireAuthorization(Policies.Organise);
        return races;
    }

    /// <summary>GET /races/{race}: the live page. Anonymous: it holds no data; it reads the stream with the viewer's token.</summary>
    public static IEndpointConventionBuilder MapRacePage(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/races/{race}", GetPage).WithName("GetRacePage").WithTags("races").AllowAnonymous()
            .AddEndpointFilter(ContentSecurityPolicy.Filter(() => Page.Value));

    public static ContentHttpResult GetPage(string race) => TypedResults.Content(Page.Value, "text/html; charset=utf-8");

    public static async Task<Results<Ok<StandingsResponse>, NotFound, ProblemHttpResult, ValidationProblem>> GetStandings(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, HttpResponse response, CancellationToken cancellationToken)
    {
        if (Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (!view.CaughtUp)
        {
            response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "race standings are loading");
        }
        if (!await privacy.CanSeeAsync(user, race, cancellationToken) || view.Get(race) is not { } standings)
        {
            return TypedResults.NotFound();
        }
        response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Ok(StandingsResponse.From(standings));
    }

    /// <summary>
    /// Server-Sent Events: the current standings at once (if any), then one <c>standings</c> event per change, a
    /// heartbeat comment when nothing changed for <see cref="RaceStreamOptions.Heartbeat"/>. Ends when the client or the host goes.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, NotFound, ValidationProblem>> Live(
        string race, ClaimsPrincipal user, RacePrivacy privacy, RaceStandingsView view, RaceStreamOptions stream, IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime, HttpResponse response, CancellationToken cancellationToken)
    {
        if (Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (!await privacy.CanSeeAsync(user, race, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        // Subscribe before reading the current standings: a change in between is then seen twice, never missed.
        using var subscription = view.Subscribe(race);
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
                await WriteEventAsync(response, current, options, stop.Token);
                sent = current;
            }
            await response.Body.FlushAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var next = await NextOrHeartbeatAsync(subscription, stream.Heartbeat, stop.Token);
                if (next is null)
                {
                    await response.WriteAsync(": heartbeat\n\n", stop.Token);
                }
                else if (!ReferenceEquals(next, sent))
                {
                    await WriteEventAsync(response, next, options, stop.Token);
                    sent = next;
                }
                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away or the host is stopping: the stream simply ends.
        }
        return TypedResults.Empty;
    }

    /// <summary>
    /// PUT /v1/races/{race} <c>{"private": true|false}</c>: an organiser claims an unclaimed race (becoming its
    /// organiser) or sets the privacy of their own; admins may set any race's. Another organiser's race is 403, or
    /// 404 if it is private (it does not exist for them).
    /// </summary>
    public static async Task<Results<Ok<RaceSettingsResponse>, ValidationProblem, NotFound, ForbidHttpResult>> PutSettings(
        string race, RaceSettingsRequest request, ClaimsPrincipal user, IRaceDirectory races, CancellationToken cancellationToken)
    {
        if (Invalid(race) is { } invalid)
        {
            return invalid;
        }
        var role = user.Role();
        if (role is not (Roles.Organiser or Roles.Admin))
        {
            return TypedResults.Forbid();
        }
        if (request.Private is not { } isPrivate)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("private", "is required: true or false"));
        }
        RaceRecord stored;
        if (role == Roles.Admin && await races.GetRaceAsync(race, cancellationToken) is { } existing)
        {
            await races.SetRacePrivacyAsync(race, isPrivate, cancellationToken);
            stored = existing with { IsPrivate = isPrivate };
        }
        else
        {
            stored = await races.ClaimRaceAsync(race, user.UserId(), isPrivate, cancellationToken);
            if (stored.OrganiserId != user.UserId())
            {
                return stored.IsPrivate ? TypedResults.NotFound() : TypedResults.Forbid();
            }
        }
        return TypedResults.Ok(new RaceSettingsResponse(stored.RaceId, stored.OrganiserId, stored.IsPrivate));
    }

    private static ValidationProblem? Invalid(string race) =>
        string.IsNullOrWhiteSpace(race) || race.Length > MaxRaceIdLength
            ? TypedResults.ValidationProblem(QueryParameters.Error("race", $"must be 1 to {MaxRaceIdLength} characters"))
            : null;

    /// <summary>The next change, or null when <paramref name="heartbeat"/> passed without one.</summary>
    private static async Task<RaceStandings?> NextOrHeartbeatAsync(
        RaceStandingsView.Subscription subscription, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(heartbeat);
        try
        {
            return await subscription.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, RaceStandings standings, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(StandingsResponse.From(standings), options);
        await response.WriteAsync($"event: standings\nid: {standings.GeneratedAtMs}\ndata: {data}\n\n", cancellationToken);
    }
}
