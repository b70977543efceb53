using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Replay.Tests;

/// <summary>
/// Issue 7's done-when: the activity-metrics topology hosted as in production (<c>AddActivityMetricsTopology</c>,
/// application id <c>splitstream-activity-metrics</c>) consumes a stream of activities; the replay tool's re-run of
/// the same topology from the beginning under a new application id writes summaries identical to the live ones, and a
/// changed rule (haversine instead of geodesic distance) shows up in the comparison as changed distances.
/// </summary>
public sealed class ActivityMetricsRerunTests : IAsyncLifetime
{
    private const long StartMs = 1_795_000_020_000;
    private readonly string directory = Directory.CreateTempSubdirectory("replay-metrics-").FullName;
    private EmbeddedPlatform platform = null!;

    private ReplayConnection Connection => new(platform.BootstrapServers, platform.SchemaRegistryUrl);

    public async Task InitializeAsync() => platform = await EmbeddedPlatform.StartAsync(partitions: 4);

    public async Task DisposeAsync()
    {
        await platform.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_rerun_from_the_beginning_under_a_new_id_reproduces_the_live_summaries_and_a_changed_rule_shows_in_the_comparison()
    {
        var activities = Enumerable.Range(1, 10).Select(i => new ActivityTelemetry(Guid.NewGuid().ToString(), i, StartMs + i * 7_000L, 600 + i * 30, i % 3 == 0 ? "ride" : "run")).ToList();
        // Interleaved like devices posting at the same time; half before the live topology starts, half while it runs.
        var records = activities.SelectMany(a => a.Records).OrderBy(r => r.TimestampMs).ToList();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        await ProduceAsync(producer, records.Take(records.Count / 2));
        using (var live = await StartLiveAsync())
        {
            await ProduceAsync(producer, records.Skip(records.Count / 2));
            await WaitLiveCaughtUpAsync(live);
            await live.StopAsync();
        }
        var rerun = new TopologyRerun(Connection, platform.Registry, new EmbeddedTopicProvisioner(platform.Cluster));
        var same = new RerunRequest("replay-same-rule", "same") { StateDirectory = directory };

        var result = await rerun.RunAsync(new ActivityMetricsRerun(), same, NoProgress.Instance);

        var comparison = await new TopicComparison(Connection).CompareAsync(Topics.ActivitySummary, same.OutputTopic(Topics.ActivitySummary), NoProgress.Instance);
        Assert.True(comparison.Same, "re-run differs from live: " + string.Join("; ", comparison.Differences.Take(10).Select(d => $"{d.Key} {d.Field}: {d.Left} vs {d.Right}"))
            + $" only live {comparison.OnlyLeft.Count}, only re-run {comparison.OnlyRight.Count}");
        Assert.Equal(activities.Count, comparison.LeftKeys);
        Assert.Equal(LatestSummaries(Topics.ActivitySummary), LatestSummaries(same.OutputTopic(Topics.ActivitySummary)));
        Assert.Equal(records.Count, result.InputRecords);
        Assert.Equal(records.Count, result.RecordsProcessed);
        Assert.Equal(activities.Count, result.Outputs[same.OutputTopic(Topics.ActivitySummary)].Keys);
        Assert.All(LatestSummaries(Topics.ActivitySummary).Values, s => Assert.True(s.DistanceM > 500 && s.PointsCount > 500, s.ToString()));

        var haversine = new RerunRequest("replay-haversine", "haversine")
        {
            StateDirectory = directory,
            Settings = new Dictionary<string, string> { ["Metrics:DistanceModel"] = "Haversine" },
        };
        await rerun.RunAsync(new ActivityMetricsRerun(), haversine, NoProgress.Instance);
        var changed = await new TopicComparison(Connection).CompareAsync(Topics.ActivitySummary, haversine.OutputTopic(Topics.ActivitySummary), NoProgress.Instance);

        Assert.Equal(activities.Count, changed.DifferingKeys);
        Assert.Equal(activities.Count, changed.Differences.Count(d => d.Field == "distance_m"));
        Assert.Empty(changed.OnlyLeft.Concat(changed.OnlyRight));
    }

    private async Task<IHost> StartLiveAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "replay-tests-signing-key-0123456789abcdef",
        });
        builder.Services.AddSingleton<ISchemaRegistry>(platform.Registry);
        builder.Services.AddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(platform.Cluster));
        builder.AddServiceDefaults();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddActivityMetricsTopology();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Live has committed every input record, and punctuated twice since (summaries go out on the punctuation).</summary>
    private async Task WaitLiveCaughtUpAsync(IHost live)
    {
        var runtime = live.Services.GetRequiredKeyedService<StreamsHostedService>(new ActivityMetricsSettings().ApplicationId).Runtime!;
        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = new ActivityMetricsSettings().ApplicationId }).Build();
        var partitions = new[] { Topics.ActivityEvents, Topics.Gps, Topics.HeartRate }.SelectMany(t => Enumerable.Range(0, 4).Select(p => new TopicPartition(t, p))).ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(120); ; await Task.Delay(200))
        {
            Assert.True(DateTime.UtcNow < deadline, "the live topology did not catch up: " + runtime.Metrics);
            var ends = partitions.ToDictionary(tp => tp, tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
            if (partitions.All(tp => ends[tp] == 0 || committed[tp] >= ends[tp]))
            {
                break;
            }
        }
        var punctuations = runtime.Metrics.Punctuations;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); runtime.Metrics.Punctuations < punctuations + 2; await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "the live topology stopped punctuating");
        }
    }

    private async Task ProduceAsync(IProducer<byte[], byte[]> producer, IEnumerable<(string Topic, string Key, IMessage Value, long TimestampMs)> records)
    {
        var serializers = new Dictionary<string, Func<IMessage, byte[]>>
        {
            [Topics.ActivityEvents] = Serializer(await ProtobufSerializer<ActivityEvent>.CreateAsync(platform.Registry, Topics.ActivityEvents, ActivityEvent.Parser)),
            [Topics.Gps] = Serializer(await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, Topics.Gps, GpsBatch.Parser)),
            [Topics.HeartRate] = Serializer(await ProtobufSerializer<HeartRateBatch>.CreateAsync(platform.Registry, Topics.HeartRate, HeartRateBatch.Parser)),
        };
        foreach (var (topic, key, value, timestamp) in records)
        {
            // One at a time, in order: the order a gateway publishes one activity's records in.
            await producer.ProduceAsync(topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key),
                Value = serializers[topic](value),
                Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
            });
        }
    }

    private static Func<IMessage, byte[]> Serializer<T>(ProtobufSerializer<T> serializer) where T : IMessage<T> => m => serializer.Serialize((T)m);

    private Dictionary<string, ActivitySummary> LatestSummaries(string topic)
    {
        var latest = new Dictionary<string, ActivitySummary>();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(Connection.Consumer("test")).Build();
        var ranges = TopicRanges.Plan(Connection, topic, ReadSelection.All);
        new RangeReader(Connection).ReadAsync(ranges, r =>
        {
            latest[Encoding.UTF8.GetString(r.Message.Key)] = ActivitySummary.Parser.ParseFrom(r.Message.Value.AsSpan(ConfluentWireFormat.ReadHeader(r.Message.Value).PayloadOffset));
            return Task.CompletedTask;
        }, NoProgress.Instance, CancellationToken.None).GetAwaiter().GetResult();
        return latest;
    }
}
