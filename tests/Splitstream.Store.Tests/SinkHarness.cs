using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Store.Tests;

/// <summary>Produces records onto the embedded cluster and runs sinks against a store, as the processors host does.</summary>
internal sealed class SinkHarness(EmbeddedPlatform platform) : IAsyncDisposable
{
    private readonly IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(Clients(platform).Producer("sink-tests")).Build();
    private readonly DeadLetterPublisher deadLetters = new(Clients(platform));
    private readonly List<BatchingSink> running = [];

    public KafkaClients KafkaClients { get; } = Clients(platform);

    public static SinkOptions Options(string name) => new()
    {
        PointGroupId = "points-" + name + "-" + Guid.NewGuid().ToString("N")[..8],
        ActivityGroupId = "activities-" + name + "-" + Guid.NewGuid().ToString("N")[..8],
        PointBatchRows = 5_000,
        MaxBatchDelayMs = 50,
    };

    public async Task ProduceAsync<T>(string topic, string key, T message) where T : IMessage<T>, new()
    {
        var serializer = await ProtobufSerializer<T>.CreateAsync(platform.Registry, topic, new MessageParser<T>(() => new T()));
        await ProduceRawAsync(topic, key, serializer.Serialize(message));
    }

    public Task ProduceRawAsync(string topic, string key, byte[] value) =>
        producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = value });

    public async Task<BatchingSink> StartPointSinkAsync(ISplitstreamStore store, SinkOptions options) =>
        await StartAsync(SinkFactory.PointSeries(options, store, platform.Registry, KafkaClients, deadLetters, NullLoggerFactory.Instance));

    public async Task<BatchingSink> StartActivitySinkAsync(ISplitstreamStore store, SinkOptions options) =>
        await StartAsync(SinkFactory.ActivityRecords(options, store, platform.Registry, KafkaClients, deadLetters, NullLoggerFactory.Instance));

    public async Task StopAsync(BatchingSink sink)
    {
        await sink.StopAsync(CancellationToken.None);
        running.Remove(sink);
        sink.Dispose();
    }

    /// <summary>
    /// Waits until the group's committed offsets reach the end of every partition of <paramref name="topics"/>. The
    /// sink commits only after the store committed, so from then on every produced record is in the store.
    /// </summary>
    public async Task WaitCaughtUpAsync(string groupId, IReadOnlyList<string> topics, TimeSpan? timeout = null)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(KafkaClients.Consumer(groupId, "probe")).Build();
        var partitions = topics.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartition(t, p))).ToList();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var ends = partitions.ToDictionary(tp => tp, tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High);
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.TopicPartition, c => c.Offset);
            if (partitions.All(tp => ends[tp].Value == 0 || committed[tp].Value >= ends[tp].Value))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"group {groupId} did not catch up: " +
                    string.Join(", ", partitions.Select(tp => $"{tp}: {committed[tp]}/{ends[tp]}")));
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The committed offset of one partition (negative when none).</summary>
    public long Committed(string groupId, TopicPartition partition)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(KafkaClients.Consumer(groupId, "probe")).Build();
        return probe.Committed([partition], TimeSpan.FromSeconds(5))[0].Offset.Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in running.ToList())
        {
            await StopAsync(sink);
        }
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
        deadLetters.Dispose();
    }

    private async Task<BatchingSink> StartAsync(BatchingSink sink)
    {
        await sink.StartAsync(CancellationToken.None);
        running.Add(sink);
        return sink;
    }

    private static KafkaClients Clients(EmbeddedPlatform platform) =>
        new(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = platform.BootstrapServers }));
}
