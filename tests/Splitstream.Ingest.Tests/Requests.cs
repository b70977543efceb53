using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splitstream.Ingest.Tests;

/// <summary>Request bodies and helpers shared by the route tests.</summary>
public static class Requests
{
    public static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-3);

    public static async Task<string> StartActivityAsync(HttpClient http, string sport = "run", string? raceId = null)
    {
        var id = Guid.NewGuid().ToString();
        var response = await http.PostAsJsonAsync("/v1/activities", StartBody(id, sport, raceId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public static JsonObject StartBody(string id, string sport = "run", string? raceId = null) => new()
    {
        ["activity_id"] = id,
        ["sport"] = sport,
        ["started_at"] = Start.ToString("O"),
        ["race_id"] = raceId,
        ["country"] = "ca",
    };

    /// <summary>A 1 Hz track heading north from 45°N, 73°W; every <paramref name="hrEvery"/>th sample carries a heart rate.</summary>
    public static JsonObject Samples(int count, int hrEvery = 0, bool epochMs = false, int offsetSeconds = 0)
    {
        var samples = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var t = Start.AddSeconds(10 + offsetSeconds + i);
            var sample = new JsonObject
            {
                ["t"] = epochMs ? JsonValue.Create(t.ToUnixTimeMilliseconds()) : JsonValue.Create(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ")),
                ["lat"] = 45 + i * 2e-5,
                ["lon"] = -73.0,
                ["ele"] = 30.5,
                ["acc"] = 4.0,
            };
            if (hrEvery > 0 && i % hrEvery == 0)
            {
                sample["hr"] = 120 + i % 40;
            }
            samples.Add(sample);
        }
        return new JsonObject { ["samples"] = samples };
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!);
}
