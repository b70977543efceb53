using Splitstream.Geo;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Reads of one activity (DESIGN §5): summary with ETag, points as JSON or GPX, window metrics.</summary>
public static class ActivitiesApi
{
    /// <summary>What Ok&lt;T&gt; sends JSON as.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

    public static RouteGroupBuilder MapActivitiesApiV1(this RouteGroupBuilder v1)
    {
        var activities = v1.MapGroup("/activities").WithTags("activities").RequireAuthorization(Policies.Read);
        activities.MapGet("/{id}", GetActivity).WithName("GetActivity").Produces<ActivityResponse>(StatusCodes.Status200OK);
        activities.MapGet("/{id}/points", GetPoints).WithName("GetActivityPoints")
            .Produces<PointsResponse>(StatusCodes.Status200OK).Produces(StatusCodes.Status200OK, contentType: GpxWriter.ContentType);
        activities.MapGet("/{id}/windows", GetWindows).WithName("GetActivityWindows");
        return activities;
    }

    /// <summary>
    /// The summary, with an ETag over exactly the body sent; If-None-Match with it answers 304. The body is serialised
    /// once: the bytes hashed for the ETag are the bytes sent (JSON options of the API, as Ok would write them).
    /// </summary>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, NotFound>> GetActivity(
        string id, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, ClaimsPrincipal user, PrivacyPolicy privacy,
        IOptions<JsonOptions> json, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await privacy.VisibleActivityAsync(user, id, cancellationToken) is not { } activity)
        {
            return TypedResults.NotFound();
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(ResponseMapping.ToResponse(activity), json.Value.SerializerOptions);
        var etag = SummaryETag.Of(body);
        response.Headers.ETag = etag;
        // Viewers differ in what they may see: caches must revalidate per request, never share across users.
        response.Headers.CacheControl = "private, no-cache";
        if (ETagMatches(ifNoneMatch, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(body, JsonContentType);
    }

    /// <summary>Points in time order, <c>from</c> inclusive to <c>to</c> exclusive (epoch ms or RFC 3339), heart rate joined by time.</summary>
    public static async Task<Results<PushStreamHttpResult, NotFound, ValidationProblem>> GetPoints(
        string id, string? from, string? to, string? format, ClaimsPrincipal user, PrivacyPolicy privacy, IPointStreams store,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryParseTime(from, out var fromMs))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("from", "must be epoch milliseconds or an RFC 3339 time"));
        }
        if (!QueryParameters.TryParseTime(to, out var toMs))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("to", "must be epoch milliseconds or an RFC 3339 time"));
        }
        if (fromMs > toMs)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("to", "must not be before from"));
        }
        var gpx = format switch
        {
            null or "" or "json" => false,
            "gpx" => true,
            _ => (bool?)null,
        };
        if (gpx is null)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("format", "must be json or gpx"));
        }
        if (await privacy.VisibleActivityAsync(user, id, cancellationToken) is not { } activity)
        {
            return TypedResults.NotFound();
        }
        // Streamed from the store's readers as they are read (a 300k-point activity is never built whole in memory), with
        // the fold's heart-rate join (DESIGN §4). Heart rate a little beyond the range still joins to the points at its edges.
        var joined = PointsWithHeartRate(store, id, fromMs, toMs, cancellationToken);
        return gpx == true
            ? TypedResults.Stream(output => GpxWriter.WriteAsync(output, activity, joined, cancellationToken), GpxWriter.ContentType + "; charset=utf-8")
            : TypedResults.Stream(output => PointsJsonWriter.WriteAsync(output, id, joined, cancellationToken), PointsJsonWriter.ContentType);
    }

    public static async Task<Results<Ok<WindowsResponse>, NotFound>> GetWindows(
        string id, ClaimsPrincipal user, PrivacyPolicy privacy, IActivityStore store, CancellationToken cancellationToken)
    {
        if (await privacy.VisibleActivityAsync(user, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var windows = await store.GetWindowsAsync(id, cancellationToken);
        return TypedResults.Ok(new WindowsResponse(id, [.. windows.Select(ResponseMapping.ToResponse)]));
    }

    /// <summary>If-None-Match: a list of (possibly weak) tags, or <c>*</c>.</summary>
    public static bool ETagMatches(string? ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == "*" || tag == etag)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An activity's points in time order, each with its heart rate by the fold's join, streamed from the store.</summary>
    public static IAsyncEnumerable<(GpsPoint Point, int? Bpm)> PointsWithHeartRate(
        IPointStreams store, string id, long? fromMs, long? toMs, CancellationToken cancellationToken)
    {
        var toleranceMs = (long)ActivityMetricsOptions.Default.HeartRateJoinTolerance.TotalMilliseconds;
        var heartRate = store.StreamHeartRateAsync(id, fromMs - toleranceMs, toMs + toleranceMs, cancellationToken)
            .Select(h => new HeartRateSample(h.TimeMs, h.Bpm));
        return HeartRateJoin.JoinAsync(store.StreamGpsAsync(id, fromMs, toMs, cancellationToken), p => p.TimeMs, heartRate, toleranceMs, cancellationToken);
    }
}
