using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Geo;
using Splitstream.Platform;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Tests;

/// <summary>The processors host as its Program.cs composes it: the topology runs, and its summaries reach the store through the activity sink.</summary>
public sealed class ActivityMetricsHostTests(MetricsPlatformFixture fixture) : IClassFixture<MetricsPlatformFixture>
{
    [Fact]
    public async Task AddProcessors_runs_the_topology_and_its_summaries_and_windows_reach_the_store()
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-metrics-host-").FullName;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = fixture.Platform.BootstrapServers,
            ["SchemaRegistry:Url"] = fixture.Platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "metrics-host-tests-signing-key-0123456789",
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            ["Sinks:PointGroupId"] = "host-points-" + suffix,
            ["Sinks:ActivityGroupId"] = "host-activities-" + suffix,
            ["Processors:ActivityMetrics:ApplicationId"] = "host-metrics-" + suffix,
            ["Processors:ActivityMetrics:CommitInterval"] = "00:00:00.200",
        });
        // The mock cluster has no CreateTopics: changelogs are created through its API, as make run does.
        builder.Services.AddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(fixture.Platform.Cluster));
        builder.AddServiceDefaults();
        builder.AddProcessors();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var id = "host-" + suffix;
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 300_000;
            var gps = new GpsBatch { ActivityId = id, UserId = "host-user" };
            double lat = 45, lon = 7;
            for (var s = 0; s < 300; s++)
            {
                (lat, lon, _) = Geodesic.Direct(lat, lon, 60, 3);
                gps.Samples.Add(new GpsSample { TimeMs = start + s * 1000L, Lat = lat, Lon = lon, Acc = 3 });
            }
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.Platform.BootstrapServers }).Build();
            var events = await ProtobufSerializer<ActivityEvent>.CreateAsync(fixture.Platform.Registry, Topics.ActivityEvents, ActivityEvent.Parser);
            var batches = await ProtobufSerializer<GpsBatch>.CreateAsync(fixture.Platform.Registry, Topics.Gps, GpsBatch.Parser);
            await producer.ProduceAsync(Topics.ActivityEvents, new Message<string, byte[]>
            {
                Key = id,
                Value = events.Serialize(new ActivityEvent { ActivityId = id, EventTimeMs = start, Started = new Started { UserId = "host-user", Sport = "run" } }),
            });
            await producer.ProduceAsync(Topics.Gps, new Message<string, byte[]> { Key = id, Value = batches.Serialize(gps) });

            var store = host.Services.GetRequiredService<ISplitstreamStore>();
            ActivityRecord? stored = null;
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && stored is not { DistanceM: > 0 }; await Task.Delay(200))
            {
                stored = await store.GetActivityAsync(id);
            }
            var runtime = host.Services.GetRequiredKeyedService<StreamsHostedService>("host-metrics-" + suffix).Runtime!;
            Assert.True(stored is { DistanceM: > 850 and < 950 }, $"summary in the store: {stored?.DistanceM}; runtime {runtime.State}, {runtime.Metrics}");
            Assert.Equal(("host-user", "active"), (stored!.UserId, stored.Status));
            // The record's timestamp is now, five minutes after the track's first minutes: those windows have closed.
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && (await store.GetWindowsAsync(id)).Count < 3; await Task.Delay(200))
            {
            }
            Assert.InRange((await store.GetWindowsAsync(id)).Count, 3, 5);
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
