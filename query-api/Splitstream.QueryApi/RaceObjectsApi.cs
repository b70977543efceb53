using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Splitstream.Geo;
using Splitstream.QueryApi.Races;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// Races as objects (DESIGN §8): organisers create races on a course and own them (admins manage all), ownership
/// moves by transfer, participants register; a public calendar. Every definition saved is published to races.v1 for
/// the standings topology. Roles: creating needs <c>organiser</c> or <c>admin</c>; changing a race needs its owner or an
/// admin; registering oneself any authenticated role while registration is open; reading public races no token.
/// </summary>
public static partial class RaceObjectsApi
{
    public const int MaxCheckpoints = 50;
    public const int MaxCalendarRaces = 500;

    public static void MapRaceObjectsApiV1(this RouteGroupBuilder races)
    {
        races.MapPost("/", CreateAsync).WithName("CreateRace").RequireAuthorization(Policies.Organise);
        races.MapGet("/", ListAsync).WithName("ListRaces").AllowAnonymous();
        races.MapGet("/{race}", GetAsync).WithName("GetRace").AllowAnonymous();
        races.MapPut("/{race}", PutSettingsAsync).WithName("PutRaceSettings").RequireAuthorization(Policies.Organise);
        races.MapPut("/{race}/owner", TransferAsync).WithName("TransferRace").RequireAuthorization(Policies.Organise);
        races.MapPost("/{race}/participants", AddParticipantAsync).WithName("AddRaceParticipant").RequireAuthorization(Policies.Member);
    }

    /// <summary>POST /v1/races: 201 with the race; the same owner creating the same id again gets 200 (and it is republished); another owner's id is 409.</summary>
    public static async Task<Results<Created<RaceResponse>, Ok<RaceResponse>, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>, ProblemHttpResult>> CreateAsync(
        CreateRaceRequest request, ClaimsPrincipal user, IRaceStore store, RaceDefinitionPublisher publisher, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (user.Role() is not (Roles.Organiser or Roles.Admin))
        {
            return TypedResults.Forbid();
        }
        if (Validate(request, clock) is not { } race)
        {
            return TypedResults.ValidationProblem(Errors(request, clock));
        }
        race = race with { OrganiserId = user.UserId() };
        var created = await store.CreateRaceAsync(race, cancellationToken);
        if (!created)
        {
            var existing = await store.GetRaceDetailsAsync(race.RaceId, cancellationToken);
            if (existing is null || existing.OrganiserId != race.OrganiserId)
            {
                return TypedResults.Conflict(new ProblemDetails
                {
                    Title = "race id taken", Status = StatusCodes.Status409Conflict, Detail = "another race has this race_id",
                    Extensions = { ["field"] = "race_id" },
                });
            }
            race = existing;
        }
        if (await PublishAsync(publisher, race, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }
        var body = RaceResponse.From(race);
        return created ? TypedResults.Created($"/v1/races/{race.RaceId}", body) : TypedResults.Ok(body);
    }

    /// <summary>GET /v1/races?from=&amp;to=: the public calendar (by scheduled start; default from now, 90 days).</summary>
    public static async Task<Results<Ok<RaceListResponse>, ValidationProblem>> ListAsync(
        string? from, string? to, IRaceStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!TryTime(from, now.AddDays(-1), out var fromTime))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("from", "must be an RFC 3339 time"));
        }
        if (!TryTime(to, fromTime.AddDays(90), out var toTime) || toTime < fromTime)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("to", "must be an RFC 3339 time not before from"));
        }
        var races = await store.ListPublicRacesAsync(fromTime.ToUnixTimeMilliseconds(), toTime.ToUnixTimeMilliseconds(), MaxCalendarRaces, cancellationToken);
        return TypedResults.Ok(new RaceListResponse([.. races.Select(RaceResponse.From)]));
    }

    public static async Task<Results<Ok<RaceResponse>, NotFound, ValidationProblem>> GetAsync(
        string race, ClaimsPrincipal user, RacePrivacy privacy, IRaceStore store, CancellationToken cancellationToken)
    {
        if (RacesApi.Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (await privacy.AccessAsync(user, race, cancellationToken) is null || await store.GetRaceDetailsAsync(race, cancellationToken) is not { } details)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(RaceResponse.From(details));
    }

    /// <summary>
    /// PUT /v1/races/{race} <c>{"private": true|false}</c>: the owner (or an admin) sets the visibility. Nobody claims a
    /// race by setting it any more: a race that does not exist is 404, another organiser's is 403 (404 if private).
    /// </summary>
    public static async Task<Results<Ok<RaceSettingsResponse>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> PutSettingsAsync(
        string race, RaceSettingsRequest request, ClaimsPrincipal user, IRaceDirectory directory, IRaceStore store, RaceDefinitionPublisher publisher,
        CancellationToken cancellationToken)
    {
        if (RacesApi.Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (request.Private is not { } isPrivate)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("private", "is required: true or false"));
        }
        switch (await Managed(race, user, directory, cancellationToken))
        {
            case RaceDenial.NotFound:
                return TypedResults.NotFound();
            case RaceDenial.Forbidden:
                return TypedResults.Forbid();
        }
        await directory.SetRacePrivacyAsync(race, isPrivate, cancellationToken);
        var stored = (await directory.GetRaceAsync(race, cancellationToken))!;
        return TypedResults.Ok(new RaceSettingsResponse(stored.RaceId, stored.OrganiserId, stored.IsPrivate));
    }

    /// <summary>PUT /v1/races/{race}/owner <c>{"user_id"}</c>: the owner (or an admin) gives the race to another organiser.</summary>
    public static async Task<Results<Ok<RaceSettingsResponse>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> TransferAsync(
        string race, TransferRaceRequest request, ClaimsPrincipal user, IRaceDirectory directory, IRaceStore store, CancellationToken cancellationToken)
    {
        if (RacesApi.Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 128)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("user_id", "is required (1 to 128 characters)"));
        }
        switch (await Managed(race, user, directory, cancellationToken))
        {
            case RaceDenial.NotFound:
                return TypedResults.NotFound();
            case RaceDenial.Forbidden:
                return TypedResults.Forbid();
        }
        await store.TransferRaceAsync(race, request.UserId, cancellationToken);
        var stored = (await directory.GetRaceAsync(race, cancellationToken))!;
        return TypedResults.Ok(new RaceSettingsResponse(stored.RaceId, stored.OrganiserId, stored.IsPrivate));
    }

    /// <summary>
    /// POST /v1/races/{race}/participants <c>{"user_id","bib"?}</c>: the owner or an admin adds anyone; a user registers
    /// themself while registration is open. 201 when added, 200 when already registered (same bib), 409 for a bib taken.
    /// </summary>
    public static async Task<Results<Created<ParticipantResponse>, Ok<ParticipantResponse>, ValidationProblem, NotFound, ForbidHttpResult, Conflict<ProblemDetails>>> AddParticipantAsync(
        string race, ParticipantRequest request, ClaimsPrincipal user, RacePrivacy privacy, IRaceStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (RacesApi.Invalid(race) is { } invalid)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 128)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("user_id", "is required (1 to 128 characters)"));
        }
        if (request.Bib is { } bib && (bib.Length is 0 or > 16 || bib.Any(char.IsControl)))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("bib", "is 1 to 16 printable characters"));
        }
        if (await privacy.AccessAsync(user, race, cancellationToken) is not { } access || await store.GetRaceDetailsAsync(race, cancellationToken) is not { } details)
        {
            return TypedResults.NotFound();
        }
        var self = access.ViewerId == request.UserId && details.RegistrationOpen;
        if (!access.IsManager && !self)
        {
            return TypedResults.Forbid();
        }
        var outcome = await store.AddParticipantAsync(race, request.UserId, request.Bib, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        var body = new ParticipantResponse(race, request.UserId, request.Bib);
        return outcome switch
        {
            ParticipantOutcome.Added => TypedResults.Created($"/v1/races/{race}/participants/{request.UserId}", body),
            ParticipantOutcome.AlreadyRegistered => TypedResults.Ok(body),
            ParticipantOutcome.BibTaken => TypedResults.Conflict(new ProblemDetails
            {
                Title = "bib taken", Status = StatusCodes.Status409Conflict, Detail = "another participant has this bib (or the user has another)",
                Extensions = { ["field"] = "bib" },
            }),
            _ => TypedResults.NotFound(),
        };
    }

    /// <summary>Null when the viewer manages the race; else 404 (missing, or private and not theirs) or 403.</summary>
    private static async Task<RaceDenial?> Managed(string race, ClaimsPrincipal user, IRaceDirectory directory, CancellationToken cancellationToken)
    {
        if (await directory.GetRaceAsync(race, cancellationToken) is not { } stored)
        {
            return RaceDenial.NotFound;
        }
        if (RacePrivacy.CanManage(user, stored))
        {
            return null;
        }
        return stored.IsPrivate ? RaceDenial.NotFound : RaceDenial.Forbidden;
    }

    private static async Task<ProblemHttpResult?> PublishAsync(RaceDefinitionPublisher publisher, RaceDetails race, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(race, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is Confluent.Kafka.KafkaException or TimeoutException or HttpRequestException)
        {
            // Saved but not published: the same request again (same owner) republishes it.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "race saved, not yet published; send the request again",
                detail: e.Message);
        }
    }

    private static RaceDetails? Validate(CreateRaceRequest request, TimeProvider clock) => Errors(request, clock).Count == 0 ? Build(request, clock) : null;

    private static Dictionary<string, string[]> Errors(CreateRaceRequest request, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.RaceId is { } id && !RaceIdPattern().IsMatch(id))
        {
            errors["race_id"] = ["must be 1–128 letters, digits, '.', '_', ':' or '-'"];
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["is required (1 to 200 characters)"];
        }
        if (!SportParser.TryParse(request.Sport, out _))
        {
            errors["sport"] = ["must be run, ride, walk or hike"];
        }
        if (request.ScheduledStart is null)
        {
            errors["scheduled_start"] = ["is required (RFC 3339)"];
        }
        var (course, field, error) = CourseParser.Parse(request.CourseGpx, request.CoursePolyline);
        if (course is null)
        {
            errors[field!] = [error!];
        }
        if (request.Checkpoints is { } checkpoints)
        {
            if (checkpoints.Count > MaxCheckpoints)
            {
                errors["checkpoints"] = [$"at most {MaxCheckpoints}"];
            }
            for (var i = 0; i < Math.Min(checkpoints.Count, MaxCheckpoints); i++)
            {
                var c = checkpoints[i];
                if (c is null || string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 100 || c.Lat is not (>= -90 and <= 90) || c.Lon is not (>= -180 and <= 180))
                {
                    errors[$"checkpoints[{i}]"] = ["needs a name (1 to 100 characters), lat within ±90 and lon within ±180"];
                }
            }
        }
        if (request.Visibility is not (null or "public" or "private"))
        {
            errors["visibility"] = ["must be public or private"];
        }
        if (request.Registration is not (null or "open" or "closed"))
        {
            errors["registration"] = ["must be open or closed"];
        }
        return errors;
    }

    private static RaceDetails Build(CreateRaceRequest request, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        SportParser.TryParse(request.Sport, out var sport);
        return new RaceDetails(
            request.RaceId ?? "race-" + Guid.NewGuid().ToString("N")[..16], "", request.Name!.Trim(), sport.ToWireName(),
            request.ScheduledStart!.Value.ToUnixTimeMilliseconds(), CourseParser.Parse(request.CourseGpx, request.CoursePolyline).Course!,
            [.. (request.Checkpoints ?? []).Select(c => new RaceCheckpointRecord(c.Name!.Trim(), c.Lat!.Value, c.Lon!.Value))],
            request.Visibility == "private", request.Registration == "open", now, now);
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        return string.IsNullOrEmpty(text) || DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out time);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex RaceIdPattern();
}
