using System.Security.Claims;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Schemas;
using Splitstream.Schemas.Sports;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest;

/// <summary>
/// The ingest API of DESIGN §3. Every handler is a static method over plain inputs, so it can be tested without a
/// server; the order of checks is: token (401, by the group), activity known and owned (404/403), body size (413),
/// validation (400), Kafka acknowledgement (503) and only then success. The small bodies (start, event, manual entry)
/// are bound request records: their size and UTF-8 (<see cref="SmallJsonBodyMiddleware"/>) and their shape
/// (<see cref="BadRequestBodyHandler"/>) are checked before the handler runs, so for them 413/400 come before 404/403.
/// </summary>
public static partial class IngestApi
{
    public const string RateLimitPolicy = "per-token";
    public const int MaxSmallBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapIngestApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi().AllowAnonymous();
        routes.MapApiReference("Splitstream ingest API");
        // Telemetry writes are the device role's, for the token's own user (DESIGN §7); uploads also an athlete's own.
        var v1 = routes.MapGroup("/v1").RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithTags("ingest");
        v1.MapPost("/activities", StartActivityAsync).WithName("StartActivity").RequireAuthorization(Policies.Telemetry)
            .WithMetadata(new SmallJsonBody(MaxSmallBodyBytes, "an activity start"));
        v1.MapPost("/activities/manual", ManualActivitiesApi.LogAsync).WithName("LogManualActivity").RequireAuthorization(Policies.Upload)
            .WithMetadata(new SmallJsonBody(MaxSmallBodyBytes, "a manual activity"));
        v1.MapPost("/activities/{id}/events", PostEventAsync).WithName("PostActivityEvent").RequireAuthorization(Policies.Telemetry)
            .WithMetadata(new SmallJsonBody(MaxSmallBodyBytes, "an activity event"));
        v1.MapPost("/activities/{id}/samples", PostSamplesAsync).WithName("PostSamples").RequireAuthorization(Policies.Telemetry);
        v1.MapPost("/uploads", UploadAsync).WithName("UploadTrackFile").RequireAuthorization(Policies.Upload);
        v1.MapGet("/uploads/{id}", GetUploadAsync).WithName("GetUpload").RequireAuthorization(Policies.Upload);
        v1.MapGet("/ws/activities/{id}", IngestWebSocket.StreamAsync).WithName("StreamSamples").RequireAuthorization(Policies.Telemetry);
        return v1;
    }

    /// <summary>
    /// POST /v1/activities: 201 on the first start, 200 with the same body on a repeat by the same user, 409 when the
    /// id belongs to another user's activity (a client-generated id collided or was guessed: pick a new one).
    /// </summary>
    public static async Task<Results<Created<ActivityStartedResponse>, Ok<ActivityStartedResponse>, ProblemHttpResult>> StartActivityAsync(
        StartActivityRequest body, HttpRequest request, ClaimsPrincipal user, IngestServices services, CancellationToken cancellationToken)
    {
        var (start, errors) = ParseStart(body, services);
        if (start is null)
        {
            return Problems.Validation(errors, "Invalid activity start");
        }
        var userId = user.UserId();
        var response = new ActivityStartedResponse(start.ActivityId, ActivityStatus.Active);
        if (RepeatOrConflict(start.ActivityId, userId, response, services) is { } known)
        {
            return known;
        }
        if (start.RaceId.Length > 0 && !await services.Races.IsRegisteredAsync(start.RaceId, userId, cancellationToken))
        {
            return Problems.NotRegistered(start.RaceId);
        }
        var started = new ActivityEvent
        {
            ActivityId = start.ActivityId,
            EventTimeMs = start.StartedAtMs,
            Started = new Started { UserId = userId, Sport = start.Sport, RaceId = start.RaceId, Country = start.Country },
        };
        if (await PublishNewActivityAsync(start.ActivityId, userId, [started], request.HttpContext, services, cancellationToken) is { } refused)
        {
            return refused;
        }
        services.Log.LogInformation("activity {ActivityId} started ({Sport})", start.ActivityId, start.Sport);
        return TypedResults.Created($"/v1/activities/{start.ActivityId}", response);
    }

    /// <summary>
    /// The answer to a start of an id the registry already knows (a live start or a manual entry): the same user repeating
    /// it gets 200 with the same body, nothing published again; another user's id is 409. Null for an id not yet known.
    /// </summary>
    internal static Results<Created<TResponse>, Ok<TResponse>, ProblemHttpResult>? RepeatOrConflict<TResponse>(
        string activityId, string userId, TResponse response, IngestServices services)
    {
        if (!services.Registry.TryGet(activityId, out var existing))
        {
            return null;
        }
        return existing.UserId == userId ? TypedResults.Ok(response) : Problems.Conflict(activityId);
    }

    /// <summary>
    /// Publishes the first events of a new activity (its <c>Started</c> first) and writes them through to the registry;
    /// null once Kafka acknowledged them and the id is the user's, else 503 (registry loading, a concurrent start of the
    /// same id, Kafka) or 409 (another gateway instance's start of the same id won: the first Started in the log owns it).
    /// </summary>
    internal static async Task<ProblemHttpResult?> PublishNewActivityAsync(
        string activityId, string userId, IReadOnlyList<ActivityEvent> events, HttpContext http, IngestServices services, CancellationToken cancellationToken)
    {
        if (!services.Registry.IsCaughtUp)
        {
            return Problems.Unavailable(http, 1, "the activity registry is still loading");
        }
        if (!services.Registry.TryBeginStart(activityId))
        {
            return Problems.Unavailable(http, 1, "the same activity is being started by another request");
        }
        try
        {
            var outcome = await services.Publisher.PublishAsync(activityId, [.. events], cancellationToken);
            if (!outcome.Persisted)
            {
                return Unavailable(http, services, outcome);
            }
            foreach (var e in events)
            {
                services.Registry.Apply(e);
            }
        }
        finally
        {
            services.Registry.EndStart(activityId);
        }
        services.Registry.TryGet(activityId, out var owner);
        return owner.UserId != userId ? Problems.Conflict(activityId) : null;
    }

    /// <summary>POST /v1/activities/{id}/events: pause, resume or stop, at a given time; 202 once Kafka acknowledged it.</summary>
    public static async Task<Results<Accepted<ActivityEventAcceptedResponse>, ProblemHttpResult>> PostEventAsync(
        string id, ActivityEventRequest body, HttpRequest request, ClaimsPrincipal user, IngestServices services, CancellationToken cancellationToken)
    {
        var (denied, activity) = await CheckAccessAsync(id, user, services, request.HttpContext, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var (lifecycle, errors) = ParseEvent(body, activity, services);
        if (lifecycle is null)
        {
            return Problems.Validation(errors, "Invalid activity event");
        }
        var outcome = await services.Publisher.PublishAsync(activity.ActivityId, [lifecycle.Value.Event], cancellationToken);
        if (!outcome.Persisted)
        {
            return Unavailable(request.HttpContext, services, outcome);
        }
        services.Registry.Apply(lifecycle.Value.Event);
        return TypedResults.Accepted((string?)null, new ActivityEventAcceptedResponse(activity.ActivityId, lifecycle.Value.Type));
    }

    /// <summary>
    /// POST /v1/activities/{id}/samples (JSON or <c>application/x-protobuf</c>): all-or-nothing; 202 only after Kafka
    /// acknowledged every record of the batch. Re-sending a batch publishes it again; downstream deduplicates by
    /// (activity, time).
    /// </summary>
    public static async Task<Results<Accepted<SamplesAcceptedResponse>, ProblemHttpResult>> PostSamplesAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IngestServices services, CancellationToken cancellationToken)
    {
        var (denied, activity) = await CheckAccessAsync(id, user, services, request.HttpContext, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var format = BodyFormatOf(request.ContentType);
        if (format is BodyFormat.Unsupported)
        {
            return Problems.UnsupportedMediaType("send application/json or application/x-protobuf");
        }
        var body = await RequestBody.ReadAsync(request, services.Options.MaxBatchBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge($"a batch is at most {services.Options.MaxBatchBytes} bytes");
        }
        var parsed = format == BodyFormat.Json
            ? JsonSampleParser.Parse(body.Value, services.Options.MaxSamplesPerBatch)
            : ProtobufSampleParser.Parse(body.Value, format == BodyFormat.ProtobufHeartRate, services.Options.MaxSamplesPerBatch);
        var result = await AcceptBatchAsync(parsed, activity, services, cancellationToken);
        return result.Status switch
        {
            StatusCodes.Status202Accepted => TypedResults.Accepted((string?)null, new SamplesAcceptedResponse(result.Accepted)),
            StatusCodes.Status503ServiceUnavailable => Problems.Unavailable(request.HttpContext, services.Options.RetryAfterSeconds, result.Problem!.Detail!),
            _ => TypedResults.Problem(result.Problem!),
        };
    }

    /// <summary>
    /// POST /v1/uploads?sport=run[&amp;activity_id=uuid][&amp;external_id=…]: a GPX 1.0/1.1, TCX or FIT file
    /// (<c>application/vnd.ant.fit</c>, or any body starting with a FIT header) becomes an activity: its start at the
    /// first point, its samples, FIT timer pauses as pause/resume events, its stop at the last point; FIT device laps go
    /// to the store. The same file again (same external id, or same user and start time) is a duplicate: 202 with the
    /// first upload's activity and status <c>duplicate</c>, nothing published. The id is generated here unless the
    /// client passes one, which makes a retried upload (after a 503) land on the same activity.
    /// </summary>
    public static async Task<Results<Accepted<UploadAcceptedResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, IngestServices services, IUploadStore uploads, string? sport, string? activity_id,
        string? external_id, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var activityId = ActivityIds.New();
        if (activity_id is not null && !ActivityIds.TryNormalize(activity_id, out activityId))
        {
            return Problems.Validation("activity_id", "must be a UUID");
        }
        if (sport is not null && !SportRegistry.IsTracked(sport))
        {
            return Problems.Validation("sport", $"must be one of {SportRegistry.TrackedNames} (other sports: POST /v1/activities/manual)");
        }
        if (external_id is not null && external_id.Length is 0 or > 256)
        {
            return Problems.Validation("external_id", "must be 1–256 characters");
        }
        if (services.Registry.TryGet(activityId, out var existing) && existing.UserId != userId)
        {
            return Problems.Conflict(activityId);
        }
        var body = await RequestBody.ReadAsync(request, services.Options.MaxUploadBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge($"an upload is at most {services.Options.MaxUploadBytes} bytes");
        }
        var isFit = FitTrackReader.IsFit(request.ContentType, body.Value.AsSpan());
        var fit = isFit ? FitTrackReader.Read(body.Value, services.Options.MaxUploadPoints) : null;
        var track = fit?.Track ?? TrackFileParser.Parse(body.Value, services.Options.MaxUploadPoints);
        if (track.TooManyPoints)
        {
            return Problems.TooLarge($"an upload has at most {services.Options.MaxUploadPoints} points");
        }
        if (!track.IsValid)
        {
            return Problems.Validation(track.Errors, isFit ? "Invalid FIT file" : "Invalid track file");
        }
        var resolvedSport = sport ?? track.Sport;
        if (resolvedSport is null)
        {
            return Problems.Validation("sport", $"is required: the file does not say which sport it is (?sport=, one of {SportRegistry.TrackedNames})");
        }
        var samples = track.Samples;
        var startMs = samples.Min(s => s.TimeMs);
        var endMs = samples.Max(s => s.TimeMs);
        var errors = SampleValidator.Validate(samples, startMs, services.NowMs, services.Options.MaxFutureSkew, isFit ? "record" : "trkpt");
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, isFit ? "Invalid FIT file" : "Invalid track file");
        }
        var uploadId = ActivityIds.New();
        var claim = await uploads.ClaimUploadAsync(
            new UploadRecord(uploadId, userId, activityId, external_id, startMs, isFit ? "fit" : "track", services.NowMs), cancellationToken);
        if (claim.Duplicate)
        {
            services.Log.LogInformation("upload {UploadId} is a duplicate of activity {ActivityId}", uploadId, claim.ActivityId);
            return TypedResults.Accepted($"/v1/uploads/{uploadId}",
                new UploadAcceptedResponse(uploadId, claim.ActivityId, resolvedSport, 0, UploadStatus.Duplicate));
        }
        if (fit is { Laps.Count: > 0 })
        {
            await uploads.SaveLapsAsync(activityId, [.. fit.Laps.Select(l => new LapRecord(l.Index, l.StartTimeMs, l.EndTimeMs,
                l.TotalElapsedTimeS, l.TotalTimerTimeS, l.TotalDistanceM, l.AvgHeartRate, l.MaxHeartRate))], cancellationToken);
        }
        var started = new ActivityEvent
        {
            ActivityId = activityId,
            EventTimeMs = startMs,
            Started = new Started { UserId = userId, Sport = resolvedSport },
        };
        var stopped = new ActivityEvent { ActivityId = activityId, EventTimeMs = endMs, Stopped = new Stopped() };
        var messages = new List<IMessage> { started };
        foreach (var (pausedAt, resumedAt) in fit?.Pauses ?? [])
        {
            messages.Add(new ActivityEvent { ActivityId = activityId, EventTimeMs = pausedAt, Paused = new Paused() });
            messages.Add(new ActivityEvent { ActivityId = activityId, EventTimeMs = resumedAt, Resumed = new Resumed() });
        }
        messages.AddRange(TelemetryRecords.For(activityId, userId, samples, services.Options.MaxSamplesPerBatch));
        messages.Add(stopped);
        var outcome = await services.Publisher.PublishAsync(activityId, messages, cancellationToken);
        if (!outcome.Persisted)
        {
            // Releases the claim: the client's retry (same file, same external id) must not be its own duplicate.
            await uploads.FailUploadAsync(uploadId, "Kafka did not acknowledge (" + outcome.FailureReason + ")", CancellationToken.None);
            return Unavailable(request.HttpContext, services, outcome);
        }
        services.Registry.Apply(started);
        services.Registry.Apply(stopped);
        services.Log.LogInformation("upload {UploadId} became activity {ActivityId} ({Sport}, {Samples} samples)", uploadId, activityId, resolvedSport, samples.Count);
        return TypedResults.Accepted($"/v1/uploads/{uploadId}",
            new UploadAcceptedResponse(uploadId, activityId, resolvedSport, samples.Count, UploadStatus.Processing));
    }

    /// <summary>
    /// GET /v1/uploads/{id}: <c>processing</c> until the activity is finished and summarised in the store, then
    /// <c>ready</c>; <c>duplicate</c> (with the first upload's activity) or <c>error</c>, with the reason. Only the
    /// uploader sees an upload; anyone else gets 404.
    /// </summary>
    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> GetUploadAsync(
        string id, ClaimsPrincipal user, IUploadStore uploads, CancellationToken cancellationToken)
    {
        if (!ActivityIds.TryNormalize(id, out var uploadId) || await uploads.GetUploadAsync(uploadId, cancellationToken) is not { } upload
            || upload.UserId != user.UserId())
        {
            return Problems.UnknownUpload(id);
        }
        var status = upload.Status switch
        {
            "duplicate" => UploadStatus.Duplicate,
            "error" => UploadStatus.Error,
            _ => upload.ActivityStatus == ActivityStatus.Finished && upload.HasSummary ? UploadStatus.Ready : UploadStatus.Processing,
        };
        return TypedResults.Ok(new UploadStatusResponse(upload.UploadId, upload.ActivityId, status, upload.Reason, upload.ExternalId));
    }

    /// <summary>
    /// Validates and publishes one parsed batch of an owned activity; shared by the HTTP route and the WebSocket. The
    /// outcome is a status (202, 400, 413, 503) with the accepted count or the problem.
    /// </summary>
    public static async Task<BatchResult> AcceptBatchAsync(
        ParseOutcome parsed, RegisteredActivity activity, IngestServices services, CancellationToken cancellationToken)
    {
        if (parsed.TooManySamples)
        {
            return BatchResult.Failed(Problems.Details(StatusCodes.Status413PayloadTooLarge, "too-large", "Payload too large",
                $"a batch has at most {services.Options.MaxSamplesPerBatch} samples"));
        }
        if (parsed.Batch is null)
        {
            return BatchResult.Failed(InvalidBatch(parsed.Errors));
        }
        var samples = parsed.Batch.Samples;
        var errors = SampleValidator.Validate(samples, activity.StartedAtMs, services.NowMs, services.Options.MaxFutureSkew);
        if (errors.Count > 0)
        {
            SplitstreamTelemetry.IngestSamples.Add(samples.Count, new KeyValuePair<string, object?>("outcome", "rejected"));
            return BatchResult.Failed(InvalidBatch(errors));
        }
        var records = TelemetryRecords.For(activity.ActivityId, activity.UserId, samples, services.Options.MaxSamplesPerBatch);
        var outcome = await services.Publisher.PublishAsync(activity.ActivityId, records, cancellationToken);
        if (!outcome.Persisted)
        {
            services.Log.LogWarning("batch for activity {ActivityId} refused: {Reason}", activity.ActivityId, outcome.FailureReason);
            SplitstreamTelemetry.IngestSamples.Add(samples.Count, new KeyValuePair<string, object?>("outcome", "rejected"));
            return BatchResult.Failed(Problems.Details(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable",
                "Kafka did not acknowledge the batch (" + outcome.FailureReason + ")"));
        }
        services.Log.LogDebug("batch for activity {ActivityId}: {Samples} samples in {Records} records", activity.ActivityId, samples.Count, records.Count);
        SplitstreamTelemetry.IngestSamples.Add(samples.Count, new KeyValuePair<string, object?>("outcome", "accepted"));
        return BatchResult.Ok(samples.Count);
    }

    /// <summary>
    /// 404 unknown, 503 while the registry still loads (or can't read up to the log's end in time), 403 another user's:
    /// the checks before any body is read. A miss waits for the registry to read what other gateway instances wrote.
    /// </summary>
    public static async Task<(ProblemHttpResult? Denied, RegisteredActivity Activity)> CheckAccessAsync(
        string id, ClaimsPrincipal user, IngestServices services, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ActivityIds.TryNormalize(id, out var activityId))
        {
            return (Problems.NotFound(id), null!);
        }
        if (!services.Registry.TryGet(activityId, out var activity))
        {
            if (!services.Registry.IsCaughtUp)
            {
                return (Problems.Unavailable(context, 1, "the activity registry is still loading"), null!);
            }
            if (!await services.CatchUp.WaitForLogEndAsync(cancellationToken))
            {
                return (Problems.Unavailable(context, 1, "the activity registry is behind activity.events.v1"), null!);
            }
            if (!services.Registry.TryGet(activityId, out activity))
            {
                return (Problems.NotFound(id), null!);
            }
        }
        return (activity.UserId == user.UserId() ? null : Problems.Forbidden(), activity);
    }

    internal static BodyFormat BodyFormatOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Json;
        }
        if (contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return ProtobufSampleParser.IsHeartRate(contentType) ? BodyFormat.ProtobufHeartRate : BodyFormat.Protobuf;
        }
        return BodyFormat.Unsupported;
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails InvalidBatch(IReadOnlyList<FieldError> errors) =>
        Problems.Details(StatusCodes.Status400BadRequest, "validation", "Invalid sample batch",
            errors.Count == 1 ? $"{errors[0].Field} {errors[0].Message}; the batch was rejected as a whole"
                : $"{errors.Count} invalid fields; the batch was rejected as a whole",
            errors);

    internal static ProblemHttpResult Unavailable(HttpContext context, IngestServices services, PublishOutcome outcome)
    {
        services.Log.LogWarning("request refused, Kafka unavailable: {Reason}", outcome.FailureReason);
        return Problems.Unavailable(context, services.Options.RetryAfterSeconds, "Kafka did not acknowledge (" + outcome.FailureReason + ")");
    }

    private static (ActivityStart? Start, List<FieldError> Errors) ParseStart(StartActivityRequest body, IngestServices services)
    {
        var errors = new List<FieldError>();
        var activityId = "";
        if (body.ActivityId is null)
        {
            errors.Add(new FieldError("activity_id", "is required"));
        }
        else if (!ActivityIds.TryNormalize(body.ActivityId, out activityId))
        {
            errors.Add(new FieldError("activity_id", "must be a UUID (generated by the client)"));
        }
        if (body.Sport is null)
        {
            errors.Add(new FieldError("sport", "is required"));
        }
        else if (!SportRegistry.IsTracked(body.Sport))
        {
            errors.Add(new FieldError("sport", $"must be one of {SportRegistry.TrackedNames} (other sports: POST /v1/activities/manual)"));
        }
        var startedAtMs = ParseTime("started_at", body.StartedAt, services, errors);
        if (body.RaceId is not null && !RaceIdPattern().IsMatch(body.RaceId))
        {
            errors.Add(new FieldError("race_id", "must be 1–128 letters, digits, '.', '_', ':' or '-'"));
        }
        if (body.Country is not null && !CountryPattern().IsMatch(body.Country))
        {
            errors.Add(new FieldError("country", "must be an ISO 3166 alpha-2 code"));
        }
        return errors.Count > 0
            ? (null, errors)
            : (new ActivityStart(activityId, body.Sport!, startedAtMs!.Value, body.RaceId ?? "", body.Country?.ToUpperInvariant() ?? ""), errors);
    }

    private static ((ActivityEvent Event, string Type)? Event, List<FieldError> Errors) ParseEvent(
        ActivityEventRequest body, RegisteredActivity activity, IngestServices services)
    {
        var errors = new List<FieldError>();
        var e = new ActivityEvent { ActivityId = activity.ActivityId };
        switch (body.Type)
        {
            case null: errors.Add(new FieldError("type", "is required")); break;
            case "pause": e.Paused = new Paused(); break;
            case "resume": e.Resumed = new Resumed(); break;
            case "stop": e.Stopped = new Stopped(); break;
            default: errors.Add(new FieldError("type", "must be one of pause, resume, stop")); break;
        }
        if (ParseTime("at", body.At, services, errors) is { } atMs)
        {
            if (atMs < activity.StartedAtMs)
            {
                errors.Add(new FieldError("at", "is before the activity's start"));
            }
            e.EventTimeMs = atMs;
        }
        return errors.Count > 0 ? (null, errors) : ((e, body.Type!), errors);
    }

    /// <summary>A required RFC 3339 time with an offset, at most the allowed skew in the future; null (and an error naming the field) otherwise.</summary>
    internal static long? ParseTime(string field, string? value, IngestServices services, List<FieldError> errors)
    {
        if (value is null)
        {
            errors.Add(new FieldError(field, "is required"));
            return null;
        }
        if (!Rfc3339.TryParseEpochMs(value, out var ms))
        {
            errors.Add(new FieldError(field, "must be an RFC 3339 time with an offset"));
            return null;
        }
        if (ms > services.NowMs + (long)services.Options.MaxFutureSkew.TotalMilliseconds)
        {
            errors.Add(new FieldError(field, $"is more than {services.Options.MaxFutureSkew.TotalMinutes:0} minutes in the future"));
            return null;
        }
        return ms;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex RaceIdPattern();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    internal static partial Regex CountryPattern();

    private sealed record ActivityStart(string ActivityId, string Sport, long StartedAtMs, string RaceId, string Country);
}
