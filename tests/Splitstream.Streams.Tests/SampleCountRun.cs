using System.Text;
using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams.Demo;

namespace Splitstream.Streams.Tests;

/// <summary>
/// One run of the demo topology on the embedded cluster: topics of its own, an input generator that remembers what
/// the outputs must say (distinct samples per activity and per minute), runtime instances in one group, and readers
/// for committed offsets and the latest value per output key.
/// </summary>
internal sealed class SampleCountRun : IDisposable
{
    private const long Start = 1_700_000_000_000;
    private readonly EmbeddedPlatform platform;
    private readonly IProducer<string, byte[]> producer;
    private readonly ProtobufSerializer<GpsBatch> gpsSerializer;
    private readonly ProtobufSerializer<HeartRateBatch> hrSerializer;
    private readonly HashSet<(string Activity, string Kind, long Time)> distinct = [];

    private SampleCountRun(EmbeddedPlatform platform, string suffix, int partitions, ProtobufSerializer<GpsBatch> gps, ProtobufSerializer<HeartRateBatch> hr)
    {
        this.platform = platform;
        Partitions = partitions;
        ApplicationId = "samples-" + suffix;
        Options = new SampleCountOptions
        {
            GpsTopic = "gps-" + suffix,
            HeartRateTopic = "hr-" + suffix,
            CountsTopic = "counts-" + suffix,
            WindowCountsTopic = "windows-" + suffix,
            // Integration runs check exact window counts: nothing may be late, whatever the interleaving of partitions.
            Grace = TimeSpan.FromDays(1),
        };
        DeadLetterTopic = "dlq-" + suffix;
        gpsSerializer = gps;
        hrSerializer = hr;
        producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
        }).Build();
    }

    public string ApplicationId { get; }

    public SampleCountOptions Options { get; }

    public string DeadLetterTopic { get; }

    public int Partitions { get; }

    public static async Task<SampleCountRun> CreateAsync(EmbeddedPlatform platform, int partitions = 4)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var gps = await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, "gps-" + suffix, GpsBatch.Parser);
        var hr = await ProtobufSerializer<HeartRateBatch>.CreateAsync(platform.Registry, "hr-" + suffix, HeartRateBatch.Parser);
        var run = new SampleCountRun(platform, suffix, partitions, gps, hr);
        foreach (var topic in new[] { run.Options.GpsTopic, run.Options.HeartRateTopic, run.Options.CountsTopic, run.Options.WindowCountsTopic, run.DeadLetterTopic })
        {
            platform.Cluster.CreateTopic(new TopicSpec(topic, partitions, Compacted: false));
        }
        return run;
    }

    public KafkaStreamsRuntime NewInstance(string clientId, Microsoft.Extensions.Logging.ILogger? logger = null) => new(
        SampleCountTopology.Build(platform.Registry, Options),
        new StreamsConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = platform.BootstrapServers,
            ClientId = clientId,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            DeadLetterTopic = DeadLetterTopic,
            SessionTimeoutMs = 3_000,
        },
        new EmbeddedTopicProvisioner(platform.Cluster),
        logger);

    /// <summary>
    /// Produces batch <paramref name="batch"/> of every activity: 5 GPS samples and 5 heart-rate samples, each
    /// activity's clock running from its own start; with <paramref name="resend"/> the previous batch is sent again too.
    /// </summary>
    public async Task ProduceBatchAsync(int activities, int batch, bool resend = false)
    {
        var sends = new List<Task>();
        for (var a = 0; a < activities; a++)
        {
            foreach (var b in resend && batch > 0 ? new[] { batch, batch - 1 } : new[] { batch })
            {
                sends.Add(ProduceAsync($"act-{a}", a, b));
            }
        }
        await Task.WhenAll(sends);
    }

    public async Task ProducePoisonAsync(string key, byte[] value) =>
        await producer.ProduceAsync(Options.GpsTopic, new Message<string, byte[]> { Key = key, Value = value });

    /// <summary>What the counts topic must hold: distinct samples per activity.</summary>
    public Dictionary<string, long> ExpectedCounts() =>
        distinct.GroupBy(s => s.Activity).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>What the windows topic must hold: distinct samples per activity and 1-minute window.</summary>
    public Dictionary<string, long> ExpectedWindows() =>
        distinct.GroupBy(s => SampleCountTopology.WindowKey(s.Activity, s.Time - s.Time % 60_000)).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>Waits until the group has committed every input offset, i.e. until everything produced is processed and its outputs acknowledged.</summary>
    public async Task WaitUntilCommittedAsync(TimeSpan timeout)
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = ApplicationId }).Build();
        var partitions = new[] { Options.GpsTopic, Options.HeartRateTopic }
            .SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(t, p))).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ends = partitions.ToDictionary(tp => tp, tp => reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
            var committed = reader.Committed(partitions, TimeSpan.FromSeconds(5));
            var behind = committed.Where(c => c.Offset.Value < ends[c.TopicPartition]).ToList();
            if (behind.Count == 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("inputs not committed: " + string.Join(", ", behind.Select(b => $"{b.TopicPartition}@{b.Offset} of {ends[b.TopicPartition]}")));
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The group's committed offset of every input partition.</summary>
    public Dictionary<string, long> CommittedOffsets()
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = ApplicationId }).Build();
        var partitions = new[] { Options.GpsTopic, Options.HeartRateTopic }
            .SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(t, p))).ToList();
        return reader.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.TopicPartition.ToString(), c => c.Offset.Value);
    }

    /// <summary>Every record of a topic, read from the beginning to the current end of each partition.</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N") }).Build();
        var ends = Enumerable.Range(0, Partitions)
            .Select(p => new TopicPartition(topic, p))
            .ToDictionary(tp => tp.Partition.Value, tp => reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
        reader.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(topic, e.Key, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var remaining = ends.Where(e => e.Value > 0).ToDictionary(e => e.Key, e => e.Value);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            var record = reader.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
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
        return records;
    }

    /// <summary>The latest value per key of an output topic: what a compacted topic or an upserting sink ends with.</summary>
    public Dictionary<string, long> ReadLatest(string topic)
    {
        var latest = new Dictionary<string, long>();
        foreach (var record in ReadAll(topic))
        {
            latest[Encoding.UTF8.GetString(record.Message.Key)] = Serdes.Int64.Deserialize(record.Message.Value, topic, record.Partition.Value, record.Offset.Value);
        }
        return latest;
    }

    public void Dispose() => producer.Dispose();

    private async Task ProduceAsync(string activity, int activityIndex, int batch)
    {
        // Each activity starts at its own time so windows differ between activities.
        var first = Start + activityIndex * 7_000L + batch * 5_000L;
        var times = Enumerable.Range(0, 5).Select(i => first + i * 1_000L).ToArray();
        var gps = new GpsBatch { ActivityId = activity, UserId = "u1", Samples = { times.Select(t => new GpsSample { TimeMs = t, Lat = 45, Lon = -73 }) } };
        var hr = new HeartRateBatch { ActivityId = activity, UserId = "u1", Samples = { times.Select(t => new HeartRateSample { TimeMs = t, Bpm = 150 }) } };
        lock (distinct)
        {
            foreach (var t in times)
            {
                distinct.Add((activity, "gps", t));
                distinct.Add((activity, "hr", t));
            }
        }
        var timestamp = new Timestamp(first, TimestampType.CreateTime);
        await Task.WhenAll(
            producer.ProduceAsync(Options.GpsTopic, new Message<string, byte[]> { Key = activity, Value = gpsSerializer.Serialize(gps), Timestamp = timestamp }),
            producer.ProduceAsync(Options.HeartRateTopic, new Message<string, byte[]> { Key = activity, Value = hrSerializer.Serialize(hr), Timestamp = timestamp }));
    }
}
