using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ReadinessTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Readyz_is_503_when_Kafka_is_unreachable_while_healthz_stays_200()
    {
        // Port 9 (discard) on loopback: nothing listens, so every broker connection is refused.
        await using var app = await StartServiceAsync("127.0.0.1:9");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Unhealthy", await ready.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public async Task Readyz_follows_the_cluster_down_and_back_up()
    {
        await using var app = await StartServiceAsync(fixture.Platform.BootstrapServers);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        fixture.Platform.Cluster.Faults.SetAllBrokersDown();
        try
        {
            Assert.True(await EventuallyAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable),
                "readyz should turn 503 with every broker down");
        }
        finally
        {
            fixture.Platform.Cluster.Faults.SetAllBrokersUp();
        }
        Assert.True(await EventuallyAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK),
            "readyz should return to 200 once the brokers are back");
        await app.StopAsync();
    }

    /// <summary>
    /// A service with the defaults every host has. The tests stop it before disposing it: disposing a running host
    /// cancels its background services without a stop, which the host logs as a failure ("BackgroundService failed").
    /// </summary>
    private static async Task<WebApplication> StartServiceAsync(string bootstrap)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrap,
            ["SchemaRegistry:Url"] = "http://127.0.0.1:9",
            ["Auth:SigningKey"] = "readiness-tests-signing-key-0123456789abcdef",
        });
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            if (await condition())
            {
                return true;
            }
        }
        return false;
    }
}
