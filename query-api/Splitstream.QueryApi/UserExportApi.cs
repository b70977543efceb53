using System.IO.Compression;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// <c>GET /v1/users/{user}/export</c> (DESIGN §10): all of a user's data as a zip, for the user themselves only (403 for
/// anyone else, whatever the role): <c>activities.json</c> (the list), <c>activities/&lt;id&gt;.json</c> (each activity as
/// <c>GET /v1/activities/{id}</c> answers it, manual entries and strength exercises included), <c>activities/&lt;id&gt;.gpx</c>
/// (its points with heart rate, for activities that have points) and <c>goals.json</c>. The zip is written to a private
/// temporary file (deleted on close) and then streamed, so memory stays flat however many activities there are: points are
/// read through the store's data readers as <c>/points</c> reads them.
/// </summary>
public static class UserExportApi
{
    public static RouteGroupBuilder MapUserExportApiV1(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("athletes");
        users.MapGet("/{user}/export", ExportUser).WithName("ExportUserData").RequireAuthorization(Policies.Member);
        return users;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportUser(
        string user, ClaimsPrincipal viewer, IActivityStore store, IGoalStore goals, IPointStreams pointStreams, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (viewer.UserId() != user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only the user themselves may export their data");
        }
        var options = json.Value.SerializerOptions;
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81_920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                var list = new List<ActivityListItem>();
                ActivityCursor? cursor = null;
                while (true)
                {
                    var page = await store.ListActivitiesAsync(user, false, 500, cursor, cancellationToken);
                    foreach (var row in page)
                    {
                        list.Add(ResponseMapping.ToListItem(row));
                        if (await store.GetActivityAsync(row.ActivityId, cancellationToken) is not { } activity)
                        {
                            continue;
                        }
                        var response = ResponseMapping.ToResponse(activity);
                        await WriteJsonAsync(zip, $"activities/{activity.ActivityId}.json", response, options, cancellationToken);
                        if (response.PointsCount > 0)
                        {
                            await using var gpx = zip.CreateEntry($"activities/{activity.ActivityId}.gpx").Open();
                            await GpxWriter.WriteAsync(gpx, activity,
                                ActivitiesApi.PointsWithHeartRate(pointStreams, activity.ActivityId, null, null, cancellationToken), cancellationToken);
                        }
                    }
                    if (page.Count < 500)
                    {
                        break;
                    }
                    cursor = new ActivityCursor(page[^1].StartedAtMs, page[^1].ActivityId);
                }
                await WriteJsonAsync(zip, "activities.json", new ActivityListResponse(user, list, null), options, cancellationToken);
                await WriteJsonAsync(zip, "goals.json", await goals.GetGoalSetAsync(user, cancellationToken), options, cancellationToken);
            }
            file.Position = 0;
            return TypedResults.File(file, "application/zip", $"{user}-splitstream-export.zip");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteJsonAsync<T>(ZipArchive zip, string name, T value, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var entry = zip.CreateEntry(name).Open();
        await JsonSerializer.SerializeAsync(entry, value, options, cancellationToken);
    }
}
