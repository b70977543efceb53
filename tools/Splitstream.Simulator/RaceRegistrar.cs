using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Splitstream.Geo;
using Splitstream.ServiceDefaults;

namespace Splitstream.Simulator;

/// <summary>
/// Makes the scenario's race a real race object before anyone starts (DESIGN §8): an organiser (<c>{prefix}organiser</c>)
/// creates it on the racers' course through the query API, public with its start and finish, and registers every racer
/// with a bib; only then may their devices start activities in it. Idempotent: a rerun finds the race and registrations there.
/// </summary>
public static class RaceRegistrar
{
    /// <summary>The course sent: every n-th vertex of the dense route, at most this many points.</summary>
    private const int MaxCoursePoints = 2_000;

    public static async Task<string> EnsureRaceAsync(Uri queryUrl, TokenService tokens, SimulatorOptions options, Scenario scenario, CancellationToken cancellationToken)
    {
        var raceId = scenario.RaceId ?? throw new InvalidOperationException("the scenario has no race");
        var racers = scenario.Racers.ToList();
        using var http = new HttpClient { BaseAddress = queryUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Issue(options.UserPrefix + "organiser", Roles.Organiser, TimeSpan.FromHours(1)));
        var route = scenario.RaceCourse ?? racers[0].Spec.Route;
        var step = Math.Max(1, route.Vertices.Count / MaxCoursePoints);
        var course = route.Vertices.Where((_, i) => i % step == 0 || i == route.Vertices.Count - 1).Select(v => (v.Lat, v.Lon)).ToList();
        var half = route.PointAt(route.LengthM / 2);
        var created = await http.PostAsJsonAsync("/v1/races", new Dictionary<string, object?>
        {
            ["race_id"] = raceId, ["name"] = $"Simulated race {raceId}", ["sport"] = racers[0].Spec.Sport.ToWireName(),
            ["scheduled_start"] = DateTimeOffset.FromUnixTimeMilliseconds(scenario.StartMs), ["course_gpx"] = Gpx(course),
            ["checkpoints"] = new[] { new { name = "halfway", lat = half.Lat, lon = half.Lon } }, ["visibility"] = "public", ["registration"] = "closed",
        }, cancellationToken);
        if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new HttpRequestException($"creating race {raceId}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
        }
        foreach (var racer in racers)
        {
            var registered = await http.PostAsJsonAsync($"/v1/races/{raceId}/participants",
                new { user_id = racer.Spec.UserId, bib = (racer.Spec.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
            if (registered.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                throw new HttpRequestException($"registering {racer.Spec.UserId}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        return new Uri(queryUrl, $"/races/{Uri.EscapeDataString(raceId)}").ToString();
    }

    /// <summary>
    /// The course as a GPX track at full precision. Not a polyline: its 1e-5° rounding (about a metre) zigzags a
    /// track of metre-scale steps, lengthening a recorded 4 km course by 20 m and skewing the course distances that
    /// finish times are interpolated on.
    /// </summary>
    private static string Gpx(IEnumerable<(double Lat, double Lon)> course)
    {
        var gpx = new System.Text.StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="splitstream-simulator" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>""");
        foreach (var (lat, lon) in course)
        {
            gpx.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<trkpt lat="{lat:R}" lon="{lon:R}"/>""");
        }
        return gpx.Append("</trkseg></trk></gpx>").ToString();
    }
}
