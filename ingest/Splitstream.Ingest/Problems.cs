using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Splitstream.Ingest;

/// <summary>The gateway's problem+json answers; validation problems list every offending field with its sample index.</summary>
public static class Problems
{
    private const string TypeBase = "https://splitstream.dev/problems/";

    public static ProblemHttpResult Validation(IReadOnlyList<FieldError> errors, string title = "Invalid request") =>
        Problem(StatusCodes.Status400BadRequest, "validation", title,
            errors.Count == 1 ? $"{errors[0].Field} {errors[0].Message}" : $"{errors.Count} invalid fields; nothing of this request was accepted",
            errors);

    public static ProblemHttpResult Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static ProblemHttpResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "Payload too large", detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", detail);

    public static ProblemHttpResult NotFound(string activityId) =>
        Problem(StatusCodes.Status404NotFound, "unknown-activity", "Unknown activity", $"no activity {activityId}");

    public static ProblemHttpResult UnknownUpload(string uploadId) =>
        Problem(StatusCodes.Status404NotFound, "unknown-upload", "Unknown upload", $"no upload {uploadId}");

    public static ProblemHttpResult Forbidden() =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "this activity belongs to another user");

    /// <summary>403 naming <c>race_id</c>: only registered racers may start an activity in a race (DESIGN §8).</summary>
    public static ProblemHttpResult NotRegistered(string raceId) =>
        Problem(StatusCodes.Status403Forbidden, "not-registered", "Not registered for this race",
            $"race_id {raceId}: this user is not registered for the race", [new FieldError("race_id", "the user is not registered for this race")]);

    public static ProblemHttpResult Conflict(string activityId) =>
        Problem(StatusCodes.Status409Conflict, "activity-id-taken", "Activity id already taken",
            $"activity {activityId} was started by another user; generate a new id");

    /// <summary>503 with Retry-After: Kafka could not accept, so nothing of this request counts as accepted.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable",
            detail + "; nothing of this request was accepted, retry later");
    }

    public static ProblemDetails Details(int status, string type, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails { Type = TypeBase + type, Title = title, Status = status, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }
        return problem;
    }

    private static ProblemHttpResult Problem(int status, string type, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        TypedResults.Problem(Details(status, type, title, detail, errors));
}
