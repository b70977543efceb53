using System.Diagnostics;
using Confluent.Kafka;
using Splitstream.Bench.Streams;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using Splitstream.Streams.Demo;

// Samples/s through topologies on the embedded cluster, against a baseline of consuming and decoding the same input
// (nothing else) in the same run. Both are timed from the moment their consumer has its partitions (Assign for the
// baseline, the group's assignment and restoration for the runtime) to the last record processed, so the group's join
// delay is not counted and both pay for fetching. The time until
// the last commit (outputs and changelogs acknowledged, offsets committed) is printed too: with the small input the
// embedded cluster can hold (about 5 MB per partition), it is mostly the producer's start-up and commit latency.
var batches = args.Length > 0 ? int.Parse(args[0]) : 16_000;
const int samplesPerBatch = 50;
const int activities = 240;
const int partitions = 12;

await using var platform = await EmbeddedPlatform.StartAsync(partitions: 1);
var suffix = Guid.NewGuid().ToString("N")[..8];
var gpsTopic = "bench-gps-" + suffix;
var hrTopic = "bench-hr-" + suffix;
foreach (var topic in new[] { gpsTopic, hrTopic, "bench-counts-" + suffix, "bench-windows-" + suffix, "bench-out-" + suffix })
{
    platform.Cluster.CreateTopic(new TopicSpec(topic, partitions, Compacted: false));
}

var total = await ProduceAsync();
Console.WriteLine($"input: {batches:N0} GPS batches, {total:N0} samples, {partitions} partitions");

var baseline = Baseline();
Console.WriteLine($"{"baseline (consume + decode)",-42} {baseline,12:N0} samples/s");
await ThroughRuntimeAsync("counting topology (upsert per record)",
    CountingTopology.Build(platform.Registry, gpsTopic, "bench-out-" + suffix, emitOnPunctuation: false));
await ThroughRuntimeAsync("counting topology (upserts per 100 ms)",
    CountingTopology.Build(platform.Registry, gpsTopic, "bench-out-" + suffix, emitOnPunctuation: true));
await ThroughRuntimeAsync("sample-count topology (dedup + windows)", SampleCountTopology.Build(platform.Registry, new SampleCountOptions
{
    GpsTopic = gpsTopic,
    HeartRateTopic = hrTopic,
    CountsTopic = "bench-counts-" + suffix,
    WindowCountsTopic = "bench-windows-" + suffix,
}));

async Task<long> ProduceAsync()
{
    var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, gpsTopic, GpsBatch.Parser);
    using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = platform.BootstrapServers,
        EnableIdempotence = true,
        LingerMs = 20,
        QueueBufferingMaxMessages = 1_000_000,
    }).Build();
    var failed = 0;
    var start = 1_700_000_000_000L;
    for (var b = 0; b < batches; b++)
    {
        var activity = b % activities;
        var first = start + b / activities * samplesPerBatch * 1_000L;
        var batch = new GpsBatch { ActivityId = $"act-{activity}", UserId = "u1" };
        for (var i = 0; i < samplesPerBatch; i++)
        {
            batch.Samples.Add(new GpsSample { TimeMs = first + i * 1_000L, Lat = 45 + i * 1e-5, Lon = -73, Ele = 100, Acc = 5 });
        }
        producer.Produce(gpsTopic, new Message<string, byte[]>
        {
            Key = batch.ActivityId,
            Value = serializer.Serialize(batch),
            Timestamp = new Timestamp(first, TimestampType.CreateTime),
        }, report => failed += report.Error.IsError ? 1 : 0);
    }
    producer.Flush();
    if (failed > 0)
    {
        throw new InvalidOperationException($"{failed} input records were not written");
    }
    // The embedded cluster keeps about 5 MB per partition and drops older segments: all the input must still be there.
    using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = "bench-probe" }).Build();
    for (var p = 0; p < partitions; p++)
    {
        var low = probe.QueryWatermarkOffsets(new TopicPartition(gpsTopic, p), TimeSpan.FromSeconds(5)).Low.Value;
        if (low != 0)
        {
            throw new InvalidOperationException($"the embedded cluster dropped the first {low} records of partition {p}: use fewer batches");
        }
    }
    return (long)batches * samplesPerBatch;
}

double Baseline()
{
    var deserializer = new ProtobufDeserializer<GpsBatch>(platform.Registry, GpsBatch.Parser);
    using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = platform.BootstrapServers,
        GroupId = "bench-baseline-" + suffix,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
    }).Build();
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(gpsTopic, p, Offset.Beginning)));
    long samples = 0, records = 0;
    var clock = Stopwatch.StartNew();
    while (records < batches)
    {
        var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"baseline consumer starved after {records} records");

        samples += deserializer.Deserialize(result).Samples.Count;
        records++;
    }
    return samples / clock.Elapsed.TotalSeconds;
}

async Task ThroughRuntimeAsync(string name, Topology topology)
{
    var applicationId = "bench-" + Guid.NewGuid().ToString("N")[..8];
    await using var runtime = new KafkaStreamsRuntime(topology, new StreamsConfig
    {
        ApplicationId = applicationId,
        BootstrapServers = platform.BootstrapServers,
        ClientId = applicationId,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        SessionTimeoutMs = 6_000,
    }, new EmbeddedTopicProvisioner(platform.Cluster));
    await runtime.StartAsync();
    while (runtime.AssignedTasks.Count < partitions)
    {
        await Task.Delay(1);
    }
    var clock = Stopwatch.StartNew();
    while (runtime.Metrics.RecordsProcessed < batches)
    {
        await Task.Delay(1);
    }
    var processed = clock.Elapsed.TotalSeconds;
    using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = platform.BootstrapServers, GroupId = applicationId }).Build();
    var inputs = Enumerable.Range(0, partitions).Select(p => new TopicPartition(gpsTopic, p)).ToList();
    var ends = inputs.ToDictionary(tp => tp, tp => reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
    while (reader.Committed(inputs, TimeSpan.FromSeconds(5)).Any(c => c.Offset.Value < ends[c.TopicPartition]))
    {
        await Task.Delay(5);
    }
    var rate = batches * (double)samplesPerBatch / processed;
    Console.WriteLine($"{name,-42} {rate,12:N0} samples/s  ratio {rate / baseline:P0}  (all committed after {clock.Elapsed.TotalMilliseconds:N0} ms; {runtime.Metrics})");
}
