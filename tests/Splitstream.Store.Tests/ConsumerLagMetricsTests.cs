using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Store.Tests;

/// <summary>
/// Consumer lag as a Prometheus scraper reads it at <c>GET /metrics</c> (an in-process host with the services' telemetry
/// set-up and the lag monitor): it grows while the point sink is paused and drains once it resumes.
/// </summary>
public sealed partial class ConsumerLagMetricsTests(PlatformFixture platform, SqliteFileFixture sqlite)
    : IClassFixture<PlatformFixture>, IClassFixture<SqliteFileFixture>
{
    [Fact]
    public async Task Metrics_show_a_paused_sink_s_lag_growing_and_draining_after_it_resumes()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("lag");
        await using var metrics = await StartMetricsHostAsync(options.PointGroupId);
        using var http = new HttpClient { BaseAddress = new Uri(metrics.Urls.First()) };
        var id = TestData.NewId();
        var sink = await harness.StartPointSinkAsync(sqlite.Store, options);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, TestData.Track(id, 20)));
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);
        await WaitForLagAsync(http, options.PointGroupId, lag => lag == 0);

        sink.Pause();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !sink.IsPaused && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
        }
        Assert.True(sink.IsPaused);
        var seen = new List<long>();
        for (var batch = 1; batch <= 3; batch++)
        {
            for (var i = 0; i < 4; i++)
            {
                await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, TestData.Track(id, 20, startMs: (batch * 4 + i) * 60_000)));
            }
            seen.Add(await WaitForLagAsync(http, options.PointGroupId, lag => lag == batch * 4));
        }
        sink.Resume();
        var drained = await WaitForLagAsync(http, options.PointGroupId, lag => lag == 0);

        Assert.Equal([4L, 8L, 12L], seen);
        Assert.Equal(0, drained);
        await harness.StopAsync(sink);
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_readable_without_a_token_and_name_no_user_or_activity()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("scrape");
        await using var metrics = await StartMetricsHostAsync(options.PointGroupId);
        using var http = new HttpClient { BaseAddress = new Uri(metrics.Urls.First()) };
        var id = TestData.NewId("private-activity");
        var sink = await harness.StartPointSinkAsync(sqlite.Store, options);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, TestData.Track(id, 5)));
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);
        await WaitForLagAsync(http, options.PointGroupId, lag => lag == 0);

        using var response = await http.GetAsync(TelemetryExtensions.MetricsPath);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE splitstream_kafka_consumer_lag gauge", text);
        Assert.Matches(@"(?m)^splitstream_sink_records_total\{[^}]*sink=""point-series sink""[^}]*\} [1-9]", text);
        Assert.DoesNotContain(id, text);
        await harness.StopAsync(sink);
    }

    private async Task<WebApplication> StartMetricsHostAsync(string group)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.Platform.BootstrapServers,
            ["Telemetry:LagInterval"] = "00:00:00.200",
        });
        builder.Services.Configure<KafkaOptions>(builder.Configuration.GetSection(KafkaOptions.Section));
        builder.Services.AddSingleton<KafkaClients>();
        builder.AddSplitstreamTelemetry();
        builder.Services.AddConsumerLagMonitor([group]);
        var app = builder.Build();
        app.MapMetrics();
        await app.StartAsync();
        return app;
    }

    /// <summary>Scrapes until the group's lag on the GPS topic (summed over partitions) satisfies <paramref name="wanted"/>.</summary>
    private static async Task<long> WaitForLagAsync(HttpClient http, string group, Func<long, bool> wanted)
    {
        long? lag = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var text = await http.GetStringAsync(TelemetryExtensions.MetricsPath);
            var lines = LagLine().Matches(text).Where(m => m.Value.Contains($"group=\"{group}\"", StringComparison.Ordinal)
                && m.Value.Contains($"topic=\"{Topics.Gps}\"", StringComparison.Ordinal)).ToList();
            if (lines.Count > 0)
            {
                lag = lines.Sum(m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
                if (wanted(lag.Value))
                {
                    return lag.Value;
                }
            }
        }
        throw new TimeoutException($"lag of {group} on {Topics.Gps} never reached the expected value; last seen {lag?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
    }

    [GeneratedRegex(@"(?m)^splitstream_kafka_consumer_lag\{[^}]*\} (?<value>\d+)")]
    private static partial Regex LagLine();
}
