using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Splitstream.Races.Tests;

/// <summary>Creates races and registers racers through the query API, as an organiser would.</summary>
internal static class RaceObjects
{
    /// <summary>A 1 km straight course north from 45.5, -73.58 (Google encoded polyline, precision 5).</summary>
    public static readonly string StraightPolyline = Geo.PolylineEncoder.Encode([(45.5, -73.58), (45.509, -73.58)]);

    public static async Task<JsonElement> CreateAsync(HttpClient organiser, string raceId, string visibility = "public", string registration = "closed",
        string? polyline = null, string? gpx = null, object[]? checkpoints = null, DateTimeOffset? start = null)
    {
        var response = await organiser.PostAsJsonAsync("/v1/races", new Dictionary<string, object?>
        {
            ["race_id"] = raceId, ["name"] = "Race " + raceId, ["sport"] = "run", ["scheduled_start"] = start ?? DateTimeOffset.UtcNow,
            ["course_polyline"] = gpx is null ? polyline ?? StraightPolyline : null, ["course_gpx"] = gpx,
            ["checkpoints"] = checkpoints, ["visibility"] = visibility, ["registration"] = registration,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task RegisterAsync(HttpClient organiser, string raceId, string userId, string? bib = null)
    {
        var response = await organiser.PostAsJsonAsync($"/v1/races/{raceId}/participants", new { user_id = userId, bib });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
