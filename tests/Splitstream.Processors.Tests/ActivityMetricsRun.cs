using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Platform;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Tests;

/// <summary>
/// One run of the activity-metrics topology on the embedded cluster: topics and an application id of its own,
/// generated activities produced in rounds (with re-sent and delayed batches), runtime instances in one group, and
/// what an uninterrupted run ends with, computed by the test driver from the same input.
/// </summary>
internal sealed class ActivityMetricsRun : IDisposable
{
    private readonly EmbeddedPlatform platform;
    private readonly IProducer<string, byte[]> producer;
    private readonly Dictionary<InputKind, (string Topic, Func<IMessage, byte[]> Serialize)> inputs;
    private readonly List<InputRecord> pending;
    private readonly List<InputRecord> produced = [];
    private readonly Random random;

    private ActivityMetricsRun(EmbeddedPlatform platform, ActivityMetricsTopologyOptions options, string applicationId, string deadLetterTopic,
        Dictionary<InputKind, (string, Func<IMessage, byte[]>)> inputs, IReadOnlyList<GeneratedTelemetry> activities, int seed)
    {
        this.platform = platform;
        Options = options;
        ApplicationId = applicationId;
        DeadLetterTopic = deadLetterTopic;
        this.inputs = inputs;
        Activities = activities;
        random = new Random(seed);
        pending = activities.SelectMany(a => a.Records).OrderBy(r => r.Timestamp).ToList();
        producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 2 }).Build();
    }

    public const int Partitions = 4;

    public ActivityMetricsTopologyOptions Options { get; }

    public string ApplicationId { get; }

    public string DeadLetterTopic { get; }

    public IReadOnlyList<GeneratedTelemetry> Activities { get; }

    public bool Done => pending.Count == 0;

    public static async Task<ActivityMetricsRun> CreateAsync(EmbeddedPlatform platform, int activities, int seconds, int seed)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var options = new ActivityMetricsTopologyOptions
        {
            Registry = platform.Registry,
            EventsTopic = "events-" + suffix,
            GpsTopic = "gps-" + suffix,
            HeartRateTopic = "hr-" + suffix,
            SummaryTopic = "summary-" + suffix,
            MetricsTopic = "metrics-" + suffix,
            SummaryInterval = TimeSpan.FromMilliseconds(100),
        };
        var deadLetters = "dlq-" + suffix;
        foreach (var topic in new[] { options.EventsTopic, options.GpsTopic, options.HeartRateTopic, options.SummaryTopic, options.MetricsTopic, deadLetters })
        {
            platform.Cluster.CreateTopic(new TopicSpec(topic, Partitions, Compacted: false));
        }
        var events = await ProtobufSerializer<ActivityEvent>.CreateAsync(platform.Registry, options.EventsTopic, ActivityEvent.Parser);
        var gps = await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, options.GpsTopic, GpsBatch.Parser);
        var hr = await ProtobufSerializer<HeartRateBatch>.CreateAsync(platform.Registry, options.HeartRateTopic, HeartRateBatch.Parser);
        var generated = Enumerable.Range(0, activities)
            .Select(i => new GeneratedTelemetry($"act-{suffix}-{i}", seed * 100 + i, seconds, startMs: GeneratedTelemetry.StartMs + i * 13_000L))
            .ToList();
        return new ActivityMetricsRun(platform, options, "metrics-" + suffix, deadLetters, new()
        {
            [InputKind.Events] = (options.EventsTopic, m => events.Serialize((ActivityEvent)m)),
            [InputKind.Gps] = (options.GpsTopic, m => gps.Serialize((GpsBatch)m)),
            [InputKind.HeartRate] = (options.HeartRateTopic, m => hr.Serialize((HeartRateBatch)m)),
        }, generated, seed);
    }

    /// <summary>Where the instances keep their local state unless told otherwise: a directory per client id (a machine each).</summary>
    public string StateRoot { get; } = Path.Combine(Path.GetTempPath(), "splitstream-metrics-run-" + Guid.NewGuid().ToString("N"));

    public KafkaStreamsRuntime NewInstance(string clientId, string? stateDir = null) => new(
        ActivityMetricsTopology.Build(Options),
        new StreamsConfig
        {
            StateDir = stateDir ?? Path.Combine(StateRoot, clientId),
            ApplicationId = ApplicationId,
            BootstrapServers = platform.BootstrapServers,
            ClientId = clientId,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            DeadLetterTopic = DeadLetterTopic,
            SessionTimeoutMs = 3_000,
        },
        new EmbeddedTopicProvisioner(platform.Cluster));

    /// <summary>
    /// Produces the next <paramref name="count"/> records in time order; about one in ten is sent twice, and about one
    /// in twenty is held back and sent 20-60 records later (a device that was offline).
    /// </summary>
    public async Task ProduceNextAsync(int count)
    {
        var batch = pending.Take(count).ToList();
        pending.RemoveRange(0, batch.Count);
        var sends = new List<InputRecord>();
        foreach (var record in batch)
        {
            if (record.Kind != InputKind.Events && random.NextDouble() < 0.05 && pending.Count > 0)
            {
                pending.Insert(Math.Min(pending.Count, random.Next(20, 60)), record);
                continue;
            }
            sends.Add(record);
            if (random.NextDouble() < 0.1)
            {
                sends.Add(record);
            }
        }
        foreach (var record in sends)
        {
            var (topic, serialize) = inputs[record.Kind];
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = record.Key,
                Value = serialize(record.Value),
                Timestamp = new Timestamp(record.Timestamp, TimestampType.CreateTime),
            });
            produced.Add(record);
        }
    }

    /// <summary>Takes records out of the ones still to produce (a device that syncs them much later, through <see cref="ProduceAsync"/>).</summary>
    public List<InputRecord> Withhold(Func<InputRecord, bool> which)
    {
        var withheld = pending.Where(which).ToList();
        pending.RemoveAll(r => withheld.Contains(r));
        return withheld;
    }

    /// <summary>Produces records as they are, in order, once each.</summary>
    public async Task ProduceAsync(IEnumerable<InputRecord> records)
    {
        foreach (var record in records)
        {
            var (topic, serialize) = inputs[record.Kind];
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = record.Key,
                Value = serialize(record.Value),
                Timestamp = new Timestamp(record.Timestamp, TimestampType.CreateTime),
            });
            produced.Add(record);
        }
    }

    /// <summary>What an uninterrupted run ends with: the same input, in the order produced, through the test driver.</summary>
    public async Task<(Dictionary<string, ActivitySummary> Summaries, Dictionary<(string, long), WindowMetrics> Windows)> ExpectedAsync()
    {
        using var driver = await MetricsDriver.CreateAsync();
        driver.PipeAll(produced);
        return (driver.LatestSummaries(), driver.LatestWindows());
    }

    /// <summary>Waits until the group has committed every input offset: everything produced is processed and acknowledged.</summary>
    public async Task WaitUntilCommittedAsync()
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = ApplicationId }).Build();
        var partitions = inputs.Values.SelectMany(i => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(i.Topic, p))).ToList();
        var deadline = DateTime.UtcNow + Eventually.Settle;
        while (true)
        {
            var ends = partitions.ToDictionary(tp => tp, tp => reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
            // A partition no record was produced to has nothing to commit: its committed offset stays unset (-1001) for good.
            var behind = reader.Committed(partitions, TimeSpan.FromSeconds(5))
                .Where(c => ends[c.TopicPartition] > 0 && c.Offset.Value < ends[c.TopicPartition]).ToList();
            if (behind.Count == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "inputs not committed: " + string.Join(", ", behind.Select(b => $"{b.TopicPartition}@{b.Offset}")));
            await Task.Delay(100);
        }
    }

    /// <summary>The latest summary per activity on the summary topic (what the compacted topic and the store end with).</summary>
    public Dictionary<string, ActivitySummary> LatestSummaries() =>
        ReadAll(Options.SummaryTopic).GroupBy(r => Encoding.UTF8.GetString(r.Message.Key))
            .ToDictionary(g => g.Key, g => Decode(g.Last(), ActivitySummary.Parser));

    public Dictionary<(string, long), WindowMetrics> LatestWindows() =>
        ReadAll(Options.MetricsTopic).Select(r => Decode(r, WindowMetrics.Parser))
            .GroupBy(w => (w.ActivityId, w.WindowStartMs)).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>Waits for the outputs to settle on the expected summaries (the last ones go out on the punctuator after the last commit).</summary>
    public async Task<Dictionary<string, ActivitySummary>> WaitForSummariesAsync(Dictionary<string, ActivitySummary> expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var latest = LatestSummaries();
            if (latest.Count == expected.Count && latest.All(s => expected.TryGetValue(s.Key, out var e) && e.Equals(s.Value)) || DateTime.UtcNow > deadline)
            {
                return latest;
            }
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        producer.Dispose();
        if (Directory.Exists(StateRoot))
        {
            Directory.Delete(StateRoot, recursive: true);
        }
    }

    private T Decode<T>(ConsumeResult<byte[], byte[]> record, MessageParser<T> parser) where T : IMessage<T> =>
        new ProtobufDeserializer<T>(platform.Registry, parser).Deserialize(record);

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N") }).Build();
        var ends = Enumerable.Range(0, Partitions).ToDictionary(p => p, p => reader.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value);
        var remaining = ends.Where(e => e.Value > 0).ToDictionary(e => e.Key, e => e.Value);
        reader.Assign(remaining.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            // The topic may grow while it is read: what lies beyond the ends measured at the start is left for the next read.
            if (reader.Consume(TimeSpan.FromMilliseconds(200)) is not { } record || !remaining.ContainsKey(record.Partition.Value))
            {
                continue;
            }
            records.Add(record);
            if (record.Offset.Value >= remaining[record.Partition.Value] - 1)
            {
                remaining.Remove(record.Partition.Value);
            }
        }
        Assert.Empty(remaining);
        // Per partition in offset order; one activity lives in one partition, so its records keep their order.
        return records;
    }
}
