using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas.Sports;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest;

/// <summary>
/// <c>POST /v1/activities/manual</c> (DESIGN §10): a workout of any registered sport logged by hand. It is published as
/// the same lifecycle a device sends (a <c>Started</c> carrying the entry, a <c>Stopped</c> at start + duration) to
/// activity.events.v1, so the activity-metrics topology summarises it (through the sport's registry entry) and the
/// summary flows on into stats, goals, progress and notifications like any other. Boards leave manual entries out
/// (their distance is typed, not measured). The sport's registry entry validates the entry; problems name the field.
/// </summary>
public static class ManualActivitiesApi
{
    /// <summary>201 with the finished activity; 200 with the same body when the same user repeats the id; 409 when the id is another user's.</summary>
    public static async Task<Results<Created<ManualActivityResponse>, Ok<ManualActivityResponse>, ProblemHttpResult>> LogAsync(
        ManualActivityRequest body, HttpRequest request, ClaimsPrincipal user, IngestServices services, CancellationToken cancellationToken)
    {
        var (entry, errors) = Parse(body, services);
        if (entry is null)
        {
            return Problems.Validation(errors, "Invalid manual activity");
        }
        var userId = user.UserId();
        var response = new ManualActivityResponse(entry.ActivityId, entry.Sport, "finished");
        if (IngestApi.RepeatOrConflict(entry.ActivityId, userId, response, services) is { } known)
        {
            return known;
        }
        var started = new ActivityEvent
        {
            ActivityId = entry.ActivityId,
            EventTimeMs = entry.StartedAtMs,
            Started = new Started { UserId = userId, Sport = entry.Sport, Country = entry.Country, Manual = entry.Entry },
        };
        var stopped = new ActivityEvent
        {
            ActivityId = entry.ActivityId,
            EventTimeMs = entry.StartedAtMs + (long)Math.Round(entry.Entry.DurationS * 1000),
            Stopped = new Stopped(),
        };
        if (await IngestApi.PublishNewActivityAsync(entry.ActivityId, userId, [started, stopped], request.HttpContext, services, cancellationToken) is { } refused)
        {
            return refused;
        }
        services.Log.LogInformation("manual activity {ActivityId} logged ({Sport}, {Duration} s)", entry.ActivityId, entry.Sport, entry.Entry.DurationS);
        return TypedResults.Created($"/v1/activities/{entry.ActivityId}", response);
    }

    private static (ParsedEntry? Entry, List<FieldError> Errors) Parse(ManualActivityRequest body, IngestServices services)
    {
        var errors = new List<FieldError>();
        var activityId = ActivityIds.New();
        if (body.ActivityId is not null && !ActivityIds.TryNormalize(body.ActivityId, out activityId))
        {
            errors.Add(new FieldError("activity_id", "must be a UUID (send one to make a retried request land on the same activity)"));
        }
        ISport? sport = null;
        if (body.Sport is null)
        {
            errors.Add(new FieldError("sport", $"is required: one of {SportRegistry.Names}"));
        }
        else if (!SportRegistry.TryGet(body.Sport, out sport))
        {
            errors.Add(new FieldError("sport", $"must be one of {SportRegistry.Names}"));
        }
        var startedAtMs = IngestApi.ParseTime("started_at", body.StartedAt, services, errors);
        if (body.DurationS is null)
        {
            errors.Add(new FieldError("duration_s", "is required"));
        }
        if (body.Country is not null && !IngestApi.CountryPattern().IsMatch(body.Country))
        {
            errors.Add(new FieldError("country", "must be an ISO 3166 alpha-2 code"));
        }
        var entry = new ManualEntry { DurationS = body.DurationS ?? 0, Notes = body.Notes ?? "" };
        if (body.DistanceM is { } distance)
        {
            entry.DistanceM = distance;
        }
        for (var i = 0; i < (body.Exercises?.Count ?? 0); i++)
        {
            var exercise = body.Exercises![i];
            if (exercise is null)
            {
                errors.Add(new FieldError($"exercises[{i}]", "must be an object"));
                continue;
            }
            var parsed = new Exercise { Name = exercise.Name ?? "" };
            for (var j = 0; j < (exercise.Sets?.Count ?? 0); j++)
            {
                if (exercise.Sets![j] is not { } set)
                {
                    errors.Add(new FieldError($"exercises[{i}].sets[{j}]", "must be an object"));
                    continue;
                }
                if (set.Reps is null)
                {
                    errors.Add(new FieldError($"exercises[{i}].sets[{j}].reps", "is required"));
                }
                parsed.Sets.Add(new ExerciseSet { Reps = set.Reps ?? 0, WeightKg = set.WeightKg ?? 0 });
            }
            entry.Exercises.Add(parsed);
        }
        if (sport is not null && body.DurationS is not null)
        {
            var sportErrors = new List<SportFieldError>();
            sport.Validate(entry, sportErrors);
            errors.AddRange(sportErrors.Select(e => new FieldError(e.Field, e.Message)));
        }
        return errors.Count > 0
            ? (null, errors)
            : (new ParsedEntry(activityId, sport!.Name, startedAtMs!.Value, body.Country?.ToUpperInvariant() ?? "", entry), errors);
    }

    private sealed record ParsedEntry(string ActivityId, string Sport, long StartedAtMs, string Country, ManualEntry Entry);
}
