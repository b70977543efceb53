using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Processors;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.Store.Tests;

/// <summary>The processors host composed as its Program.cs does: AddProcessors wires both sinks to the configured store.</summary>
public sealed class ProcessorsHostTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task The_processors_host_migrates_the_store_and_sinks_points_events_and_summaries_into_it()
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-processors-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.Platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.Platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "processors-host-tests-signing-key-0123456789",
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            // A group of this test's own, so it reads every record on the shared cluster from the beginning.
            ["Sinks:PointGroupId"] = "host-points-" + Guid.NewGuid().ToString("N")[..8],
            ["Sinks:ActivityGroupId"] = "host-activities-" + Guid.NewGuid().ToString("N")[..8],
            // This test feeds the sinks a summary of its own; the topology has its host test in Processors.Tests.
            ["Processors:ActivityMetrics:Enabled"] = "false",
        });
        // As the all-in-one host does: the mock cluster has no CreateTopics, so the topologies' topics go through its own API.
        builder.Services.AddSingleton<Splitstream.Platform.ITopicProvisioner>(new Splitstream.Platform.EmbeddedTopicProvisioner(platform.Platform.Cluster));
        builder.AddServiceDefaults();
        builder.AddProcessors();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<ISplitstreamStore>();
            Assert.Equal(SqliteMigrations.All[^1].Version, await store.SchemaVersionAsync());
            await using var harness = new SinkHarness(platform.Platform);
            var id = TestData.NewId();
            var track = TestData.Track(id, 250);
            var batch = new GpsBatch { ActivityId = id, UserId = "host-user" };
            batch.Samples.AddRange(track.Select(p => new GpsSample { TimeMs = p.TimeMs, Lat = p.Lat, Lon = p.Lon }));
            await harness.ProduceAsync(Topics.ActivityEvents, id, TestData.Started(id, "host-user", track[0].TimeMs));
            await harness.ProduceAsync(Topics.Gps, id, batch);
            await harness.ProduceAsync(Topics.ActivitySummary, id, TestData.Summary(id, "host-user", distanceM: 750));

            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                if ((await store.GetGpsAsync(id)).Count == track.Count && await store.GetActivityAsync(id) is { DistanceM: 750 })
                {
                    break;
                }
            }
            Assert.Equal(track.Select(p => (p.TimeMs, p.Lat, p.Lon)), (await store.GetGpsAsync(id)).Select(p => (p.TimeMs, p.Lat, p.Lon)));
            Assert.Equal(("host-user", 750.0), (await store.GetActivityAsync(id)) is { } a ? (a.UserId, a.DistanceM) : default);
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
