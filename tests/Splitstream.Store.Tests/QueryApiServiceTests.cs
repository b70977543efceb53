using System.Net;
using System.Text.Json;

namespace Splitstream.Store.Tests;

public sealed class QueryApiServiceTests(QueryApiHost host) : IClassFixture<QueryApiHost>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_the_activity_and_athlete_routes_without_a_token()
    {
        using var anonymous = host.Client(null);
        using var json = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var paths = json.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/activities/{id}", "/v1/activities/{id}/points", "/v1/activities/{id}/windows",
                     "/v1/users/{user}/activities", "/v1/users/{user}/stats" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
        // GET /v1/activities/{id} sends pre-serialised bytes (one serialisation for body and ETag): its 200 is still
        // described as the ActivityResponse JSON, and as nothing else.
        var ok = paths.GetProperty("/v1/activities/{id}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["application/json"], ok.EnumerateObject().Select(c => c.Name));
        Assert.EndsWith("/ActivityResponse", ok.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Readyz_reports_the_store()
    {
        using var anonymous = host.Client(null);
        // Kafka is deliberately unreachable in this host, so the overall status is 503; the store's own check is what matters here.
        using var json = JsonDocument.Parse(await (await anonymous.GetAsync("/readyz")).Content.ReadAsStringAsync());

        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }
}
