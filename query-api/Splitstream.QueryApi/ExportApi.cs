using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Fit;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// Files out (DESIGN §10): <c>GET /v1/activities/{id}/export?format=gpx|tcx|fit</c> and the device laps of an upload,
/// <c>GET /v1/activities/{id}/laps</c>; both under the read privacy of every activity route (404 when not visible).
/// TCX and FIT are written to the response as they are produced.
/// </summary>
public static class ExportApi
{
    public const string FitContentType = "application/vnd.ant.fit";

    public static RouteGroupBuilder MapExportApiV1(this RouteGroupBuilder v1)
    {
        var activities = v1.MapGroup("/activities").WithTags("activities").RequireAuthorization(Policies.Read);
        activities.MapGet("/{id}/export", ExportActivity).WithName("ExportActivity");
        activities.MapGet("/{id}/laps", GetLaps).WithName("GetActivityLaps");
        return v1;
    }

    public static async Task<Results<PushStreamHttpResult, ContentHttpResult, NotFound, ValidationProblem>> ExportActivity(
        string id, string? format, ClaimsPrincipal user, PrivacyPolicy privacy, IPointStore store, IPointStreams pointStreams,
        IUploadStore uploads, CancellationToken cancellationToken)
    {
        if (format is not ("gpx" or "tcx" or "fit"))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("format", "must be gpx, tcx or fit"));
        }
        if (await privacy.VisibleActivityAsync(user, id, cancellationToken) is not { } activity)
        {
            return TypedResults.NotFound();
        }
        if (format == "gpx")
        {
            var joined = ActivitiesApi.PointsWithHeartRate(pointStreams, id, null, null, cancellationToken);
            return TypedResults.Stream(body => GpxWriter.WriteAsync(body, activity, joined, cancellationToken), GpxWriter.ContentType + "; charset=utf-8",
                $"{activity.ActivityId}.gpx");
        }
        var gps = await store.GetGpsAsync(id, cancellationToken: cancellationToken);
        var heartRate = await store.GetHeartRateAsync(id, cancellationToken: cancellationToken);
        var points = ExportRecords.Merge(gps, heartRate);
        var laps = await uploads.GetLapsAsync(id, cancellationToken);
        var name = $"{activity.ActivityId}.{format}";
        if (format == "tcx")
        {
            return TypedResults.Stream(body => TcxWriter.WriteAsync(body, activity, points, laps, CancellationToken.None), TcxWriter.ContentType, name);
        }
        var end = points.Count > 0 ? Math.Max(points[^1].TimeMs, activity.StartedAtMs) : activity.StartedAtMs + (long)(activity.ElapsedTimeS * 1000);
        var summary = new FitExportSummary(activity.Sport, activity.StartedAtMs, end, activity.MovingTimeS, activity.DistanceM);
        var fitLaps = laps.Select(l => new FitLap(l.Index, l.StartMs, l.EndMs, l.ElapsedTimeS, l.TimerTimeS, l.DistanceM, l.AvgHeartRate, l.MaxHeartRate)).ToList();
        return TypedResults.Stream(body => FitActivityEncoder.WriteAsync(body, summary, points.Select(p => p.ToFit()), points.Count, fitLaps, CancellationToken.None),
            FitContentType, name);
    }

    public static async Task<Results<Ok<LapsResponse>, NotFound>> GetLaps(
        string id, ClaimsPrincipal user, PrivacyPolicy privacy, IUploadStore uploads, CancellationToken cancellationToken)
    {
        if (await privacy.VisibleActivityAsync(user, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var laps = await uploads.GetLapsAsync(id, cancellationToken);
        return TypedResults.Ok(new LapsResponse(id, [.. laps.Select(l => new LapResponse(l.Index, l.StartMs, l.EndMs, l.ElapsedTimeS, l.TimerTimeS,
            l.DistanceM, l.AvgHeartRate, l.MaxHeartRate))]));
    }
}
