using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Geo;
using Splitstream.Platform;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;
using HeartRateSample = Splitstream.Schemas.V1.HeartRateSample;

namespace Splitstream.Fuzz.Tests;

/// <summary>
/// A poison record planted on telemetry.gps.v1 (and one on telemetry.hr.v1) before the activity-metrics topology on
/// the stream runtime: each ends up in telemetry.dlq.v1 with its original key and bytes, a reason and its source
/// coordinates, and the activity's summary still counts every good sample around it.
/// </summary>
public sealed class TopologyPoisonTests(SinkPlatformFixture fixture) : IClassFixture<SinkPlatformFixture>
{
    private const long T0 = 1_795_000_020_000;

    [Fact]
    public async Task Poison_before_the_activity_metrics_topology_is_dead_lettered_and_the_rest_flows()
    {
        var platform = fixture.Platform;
        var id = Guid.NewGuid().ToString();
        var other = Guid.NewGuid().ToString();
        var gps = await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, Topics.Gps, GpsBatch.Parser);
        var hr = await ProtobufSerializer<HeartRateBatch>.CreateAsync(platform.Registry, Topics.HeartRate, HeartRateBatch.Parser);
        var events = await ProtobufSerializer<ActivityEvent>.CreateAsync(platform.Registry, Topics.ActivityEvents, ActivityEvent.Parser);
        DeliveryResult<byte[], byte[]>? gpsPoison = null, hrPoison = null;
        foreach (var activity in new[] { id, other })
        {
            await ProduceAsync(Topics.ActivityEvents, activity, events.Serialize(new ActivityEvent
            {
                ActivityId = activity, EventTimeMs = T0, Started = new Started { UserId = "u-" + activity[..4], Sport = "run" },
            }), T0);
            var (lat, lon) = (45.0, -73.0);
            for (var b = 0; b < 24; b++)
            {
                var batch = new GpsBatch { ActivityId = activity };
                for (var i = 0; i < 5; i++)
                {
                    (lat, lon, _) = Geodesic.Direct(lat, lon, 10, 3);
                    batch.Samples.Add(new GpsSample { TimeMs = T0 + (b * 5 + i) * 1000L, Lat = lat, Lon = lon, Acc = 4 });
                }
                var at = T0 + (b * 5 + 4) * 1000L + 300;
                await ProduceAsync(Topics.Gps, activity, gps.Serialize(batch), at);
                await ProduceAsync(Topics.HeartRate, activity, hr.Serialize(new HeartRateBatch { ActivityId = activity, Samples = { new HeartRateSample { TimeMs = at - 300, Bpm = 130 } } }), at);
                if (activity == id && b == 10)
                {
                    gpsPoison = await ProduceAsync(Topics.Gps, activity, "not a GPS batch"u8.ToArray(), at + 1);
                    var truncated = gps.Serialize(batch);
                    hrPoison = await ProduceAsync(Topics.HeartRate, activity, [0, 0, 0, 0, 1, 0, .. truncated[6..^2]], at + 1);
                }
            }
            await ProduceAsync(Topics.ActivityEvents, activity, events.Serialize(new ActivityEvent { ActivityId = activity, EventTimeMs = T0 + 120_000, Stopped = new Stopped() }), T0 + 120_001);
        }
        var applicationId = "fuzz-metrics-" + Guid.NewGuid().ToString("N")[..8];
        var summaries = Topics.ActivitySummary + "." + applicationId;
        platform.Cluster.CreateTopic(new TopicSpec(summaries, 3, Compacted: true));
        platform.Cluster.CreateTopic(new TopicSpec(Topics.ActivityMetrics + "." + applicationId, 3, Compacted: false));
        // The persistent metrics store lives in a directory of this test's own, not in .data/state under the test's bin.
        var stateDir = Path.Combine(Path.GetTempPath(), "splitstream-poison-" + applicationId);
        var runtime = new KafkaStreamsRuntime(ActivityMetricsTopology.Build(new ActivityMetricsTopologyOptions
        {
            Registry = platform.Registry,
            SummaryTopic = summaries,
            MetricsTopic = Topics.ActivityMetrics + "." + applicationId,
        }), new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = platform.BootstrapServers,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            StateDir = stateDir,
        }, new EmbeddedTopicProvisioner(platform.Cluster));

        try
        {
            await using (runtime)
            {
                await runtime.StartAsync();
                // Both conditions: the heart-rate partition is assigned next to the GPS one and may be read after the GPS
                // records alone have completed the summaries, so complete summaries do not yet mean the HR poison was met.
                for (var deadline = DateTime.UtcNow.AddSeconds(60); !(Summarized(summaries, [id, other], 120) && runtime.Metrics.DeadLetters >= 2); await Task.Delay(200))
                {
                    Assert.True(DateTime.UtcNow < deadline, "no complete summaries and two dead letters: " + runtime.Metrics);
                }
                Assert.Equal(2, runtime.Metrics.DeadLetters);
            }
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }

        var dead = new TopicLog(platform).ReadAfter(Topics.DeadLetter, new Dictionary<int, long>()).Where(r => Encoding.UTF8.GetString(r.Message.Key) == id).ToList();
        Assert.Equal(2, dead.Count);
        foreach (var poison in new[] { gpsPoison!, hrPoison! })
        {
            var letter = Assert.Single(dead, d => Header(d, DeadLetterHeaders.SourceTopic) == poison.Topic);
            Assert.Equal(poison.Partition.Value.ToString(), Header(letter, DeadLetterHeaders.SourcePartition));
            Assert.Equal(poison.Offset.Value.ToString(), Header(letter, DeadLetterHeaders.SourceOffset));
            Assert.Equal(poison.Message.Value, letter.Message.Value);
            Assert.StartsWith("decode: ", Header(letter, DeadLetterHeaders.Reason));
        }
    }

    /// <summary>True when every activity's latest summary counts all its good GPS samples and has their heart rate.</summary>
    private bool Summarized(string topic, string[] activities, int points)
    {
        var latest = new TopicLog(fixture.Platform).ReadAfter(topic, new Dictionary<int, long>())
            .GroupBy(r => Encoding.UTF8.GetString(r.Message.Key))
            .ToDictionary(g => g.Key, g => ActivitySummary.Parser.ParseFrom(Payload(g.OrderBy(r => r.Offset.Value).Last().Message.Value)));
        return activities.All(a => latest.TryGetValue(a, out var s) && s.PointsCount == points && s.Status == "finished" && s.DistanceM > 300 && s.HrAvg == 130);
    }

    private static byte[] Payload(byte[] value) => value[ConfluentWireFormat.ReadHeader(value).PayloadOffset..];

    private static string? Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    private Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, string key, byte[] value, long timestampMs) =>
        fixture.Producer.ProduceAsync(topic, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = value,
            Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
        });
}
