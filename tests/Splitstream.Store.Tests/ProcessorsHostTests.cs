using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Processors;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Processors.Sinks;
using Splitstream.ServiceDefaults;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>The processors host composed as its Program.cs does: AddProcessors wires both sinks to the configured store.</summary>
public sealed class ProcessorsHostTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task The_processors_host_migrates_the_store_and_sinks_points_events_and_summaries_into_it()
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-processors-").FullName;
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            // A group of this test's own, so it reads every record on the shared cluster from the beginning.
            ["Sinks:PointGroupId"] = "host-points-" + Guid.NewGuid().ToString("N")[..8],
            ["Sinks:ActivityGroupId"] = "host-activities-" + Guid.NewGuid().ToString("N")[..8],
            // This test feeds the sinks a summary of its own; the topology has its host test in Processors.Tests.
            ["Processors:ActivityMetrics:Enabled"] = "false",
        });
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

    [Fact]
    public async Task Three_activity_sink_loops_on_PostgreSQL_share_the_partitions_and_store_every_record()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var group = "host-activities-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using var host = BuildHost(new Dictionary<string, string?>
            {
                ["Store:Postgres"] = database,
                ["Sinks:PointGroupId"] = "host-points-" + Guid.NewGuid().ToString("N")[..8],
                ["Sinks:ActivityGroupId"] = group,
                ["Sinks:ActivityLoops"] = "3",
                // The loops join at about the same moment; one joining after the group formed (a loaded CI machine)
                // makes the embedded cluster wait session.timeout.ms − 1 s, twice, before it gets partitions and before
                // anyone's commit is accepted (the platform README): 88 s with the default 45 s, 10 s with 6 s.
                ["Kafka:ConsumerConfig:session.timeout.ms"] = "6000",
                ["Processors:ActivityMetrics:Enabled"] = "false",
            });
            var loops = host.Services.GetServices<IHostedService>().OfType<BatchingSink>().Where(s => s.Name.StartsWith("activity sink", StringComparison.Ordinal)).ToList();
            Assert.Equal(["activity sink", "activity sink 2", "activity sink 3"], loops.Select(s => s.Name));
            await host.StartAsync();
            try
            {
                // Produced once the group has settled, so that every loop owns partitions when the records arrive.
                var partitions = ActivityRecordsBatch.Topics.Count * 3; // PlatformFixture's 3 partitions per topic
                for (var deadline = DateTime.UtcNow.AddSeconds(60); !(loops.All(l => l.AssignedPartitions > 0) && loops.Sum(l => l.AssignedPartitions) == partitions);)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the loops' group did not settle: " + string.Join(", ", loops.Select(l => $"{l.Name} {l.AssignedPartitions}")));
                    await Task.Delay(100);
                }
                // Records on every partition of the sink's three topics: a start, a summary and a window per activity.
                await using var harness = new SinkHarness(platform.Platform);
                var summaries = Enumerable.Range(0, 60).Select(i => TestData.Summary(TestData.NewId(), $"loops-user-{i % 7}", 1000 + i)).ToList();
                foreach (var summary in summaries)
                {
                    await harness.ProduceAsync(Topics.ActivityEvents, summary.ActivityId, TestData.Started(summary.ActivityId, summary.UserId, summary.StartedAtMs));
                    await harness.ProduceAsync(Topics.ActivitySummary, summary.ActivityId, summary);
                    await harness.ProduceAsync(Topics.ActivityMetrics, summary.ActivityId, TestData.Window(summary.ActivityId, 0, 250));
                }
                await harness.WaitCaughtUpAsync(group, ActivityRecordsBatch.Topics, TimeSpan.FromSeconds(60));

                var store = host.Services.GetRequiredService<ISplitstreamStore>();
                foreach (var summary in summaries)
                {
                    Assert.Equal((summary.UserId, summary.DistanceM), await store.GetActivityAsync(summary.ActivityId) is { } a ? (a.UserId, a.DistanceM) : default);
                    Assert.Single(await store.GetWindowsAsync(summary.ActivityId));
                }
                Assert.All(loops, loop => Assert.True(loop.RecordsWritten > 0, $"{loop.Name} wrote nothing"));
                Assert.Equal(summaries.Count * 3, loops.Sum(loop => loop.RecordsWritten));
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    public void A_host_asked_for_an_impossible_number_of_activity_sink_loops_stops_naming_the_setting(string loops)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BuildHost(new Dictionary<string, string?>
        {
            ["Store:SqlitePath"] = Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N"), "splitstream.db"),
            ["Sinks:ActivityLoops"] = loops,
        }).Dispose());
        Assert.Contains("Sinks:ActivityLoops", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The processors host as Program.cs composes it, on the shared embedded cluster, with these settings.</summary>
    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.Platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.Platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "processors-host-tests-signing-key-0123456789",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        // As the all-in-one host does: the mock cluster has no CreateTopics, so the topologies' topics go through its own API.
        builder.Services.AddSingleton<Splitstream.Platform.ITopicProvisioner>(new Splitstream.Platform.EmbeddedTopicProvisioner(platform.Platform.Cluster));
        builder.AddServiceDefaults();
        builder.AddProcessors();
        return builder.Build();
    }
}
