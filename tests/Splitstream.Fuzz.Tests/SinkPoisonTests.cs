using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Platform;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Fuzz.Tests;

/// <summary>
/// Poison records before the sinks (processors/Splitstream.Topologies/Sinks): each lands in telemetry.dlq.v1 with its
/// original key and bytes, a reason and its source topic, partition and offset, while the good records around it
/// reach the store. The point sink's garbage-on-GPS case is tested in Splitstream.Store.Tests; these add the
/// heart-rate topic, records that are wire-format but not decodable, the coordinates, and the activity sink.
/// </summary>
public sealed class SinkPoisonTests(SinkPlatformFixture fixture) : IClassFixture<SinkPlatformFixture>
{
    private const long T0 = 1_763_625_600_000;
    private readonly EmbeddedPlatform platform = fixture.Platform;
    private readonly SqliteStore store = fixture.Store;
    private readonly KafkaClients clients = fixture.Clients;
    private readonly IProducer<byte[], byte[]> producer = fixture.Producer;

    /// <summary>Ways a record can be poison: not the wire format, an unregistered schema id, another message's index path, a broken payload.</summary>
    public static TheoryData<string> Poisons() => ["garbage", "unknown schema id", "wrong message index", "truncated payload"];

    private async Task<byte[]> PoisonAsync<T>(string kind, string topic, T valid) where T : IMessage<T>, new()
    {
        var good = await SerializeAsync(topic, valid);
        return kind switch
        {
            "garbage" => "definitely not a record"u8.ToArray(),
            "unknown schema id" => [0, 0x7f, 0xff, 0xff, 0xf0, .. good[5..]],
            "wrong message index" => [.. good[..5], 2, 2, .. good[6..]],
            _ => good[..^3],
        };
    }

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task Poison_on_gps_and_heart_rate_goes_to_the_dead_letters_and_the_points_around_it_are_stored(string kind)
    {
        var id = "act-" + Guid.NewGuid().ToString("N")[..10];
        var gps = Enumerable.Range(0, 20).Select(i => new GpsSample { TimeMs = T0 + i * 1000, Lat = 45 + i * 1e-4, Lon = -73 }).ToList();
        var hr = Enumerable.Range(0, 10).Select(i => new HeartRateSample { TimeMs = T0 + i * 2000, Bpm = 120 + i }).ToList();
        await ProduceAsync(Topics.Gps, id, new GpsBatch { ActivityId = id, UserId = "u", Samples = { gps.Take(10) } });
        var gpsPoison = await ProduceRawAsync(Topics.Gps, id, await PoisonAsync(kind, Topics.Gps, new GpsBatch { ActivityId = id, Samples = { gps[0] } }));
        await ProduceAsync(Topics.Gps, id, new GpsBatch { ActivityId = id, UserId = "u", Samples = { gps.Skip(10) } });
        var hrPoison = await ProduceRawAsync(Topics.HeartRate, id, await PoisonAsync(kind, Topics.HeartRate, new HeartRateBatch { ActivityId = id, Samples = { hr[0] } }));
        await ProduceAsync(Topics.HeartRate, id, new HeartRateBatch { ActivityId = id, UserId = "u", Samples = { hr } });
        var options = new SinkOptions { PointGroupId = "fuzz-points-" + Guid.NewGuid().ToString("N")[..8], MaxBatchDelayMs = 50 };

        using var deadLetters = new DeadLetterPublisher(clients);
        using (var sink = SinkFactory.PointSeries(options, store, platform.Registry, clients, deadLetters, NullLoggerFactory.Instance))
        {
            await sink.StartAsync(CancellationToken.None);
            await WaitCommittedAsync(options.PointGroupId, PointSeriesBatch.Topics);
            await sink.StopAsync(CancellationToken.None);
        }

        Assert.Equal(gps.Select(s => s.TimeMs), (await store.GetGpsAsync(id)).Select(p => p.TimeMs));
        Assert.Equal(hr.Select(s => (s.TimeMs, s.Bpm)), (await store.GetHeartRateAsync(id)).Select(p => (p.TimeMs, p.Bpm)));
        var dead = ReadDeadLetters(id);
        Assert.Equal(2, dead.Count);
        AssertDeadLetter(dead, gpsPoison);
        AssertDeadLetter(dead, hrPoison);
    }

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task Poison_on_events_and_summaries_goes_to_the_dead_letters_and_the_activity_is_stored(string kind)
    {
        var id = "act-" + Guid.NewGuid().ToString("N")[..10];
        var started = new ActivityEvent { ActivityId = id, EventTimeMs = T0, Started = new Started { UserId = "u-poison", Sport = "ride", Country = "CA" } };
        var summary = new ActivitySummary { ActivityId = id, UserId = "u-poison", Sport = "ride", Status = "active", StartedAtMs = T0, DistanceM = 1234.5, PointsCount = 20 };
        var eventPoison = await ProduceRawAsync(Topics.ActivityEvents, id, await PoisonAsync(kind, Topics.ActivityEvents, started));
        await ProduceAsync(Topics.ActivityEvents, id, started);
        var summaryPoison = await ProduceRawAsync(Topics.ActivitySummary, id, await PoisonAsync(kind, Topics.ActivitySummary, summary));
        await ProduceAsync(Topics.ActivitySummary, id, summary);
        var options = new SinkOptions { ActivityGroupId = "fuzz-activities-" + Guid.NewGuid().ToString("N")[..8], MaxBatchDelayMs = 50 };

        using var deadLetters = new DeadLetterPublisher(clients);
        using (var sink = SinkFactory.ActivityRecords(options, store, platform.Registry, clients, deadLetters, NullLoggerFactory.Instance))
        {
            await sink.StartAsync(CancellationToken.None);
            await WaitCommittedAsync(options.ActivityGroupId, ActivityRecordsBatch.Topics);
            await sink.StopAsync(CancellationToken.None);
        }

        var stored = await store.GetActivityAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(("u-poison", "ride"), (stored.UserId, stored.Sport));
        var dead = ReadDeadLetters(id);
        Assert.Equal(2, dead.Count);
        AssertDeadLetter(dead, eventPoison);
        AssertDeadLetter(dead, summaryPoison);
    }

    private static void AssertDeadLetter(List<ConsumeResult<byte[], byte[]>> dead, DeliveryResult<byte[], byte[]> poison)
    {
        var letter = dead.SingleOrDefault(d => Header(d, DeadLetterHeaders.SourceTopic) == poison.Topic && Header(d, DeadLetterHeaders.SourceOffset) == poison.Offset.Value.ToString());
        Assert.True(letter is not null, $"no dead letter for {poison.TopicPartitionOffset}");
        Assert.Equal(poison.Partition.Value.ToString(), Header(letter, DeadLetterHeaders.SourcePartition));
        Assert.Equal(poison.Message.Value, letter.Message.Value);
        Assert.Equal(poison.Message.Key, letter.Message.Key);
        Assert.False(string.IsNullOrWhiteSpace(Header(letter, DeadLetterHeaders.Reason)));
    }

    private static string? Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    private async Task<byte[]> SerializeAsync<T>(string topic, T message) where T : IMessage<T>, new() =>
        (await ProtobufSerializer<T>.CreateAsync(platform.Registry, topic, new MessageParser<T>(() => new T()))).Serialize(message);

    private async Task ProduceAsync<T>(string topic, string key, T message) where T : IMessage<T>, new() =>
        await ProduceRawAsync(topic, key, await SerializeAsync(topic, message));

    private Task<DeliveryResult<byte[], byte[]>> ProduceRawAsync(string topic, string key, byte[] value) =>
        producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value });

    private List<ConsumeResult<byte[], byte[]>> ReadDeadLetters(string key) =>
        new TopicLog(platform).ReadAfter(Topics.DeadLetter, new Dictionary<int, long>())
            .Where(r => Encoding.UTF8.GetString(r.Message.Key) == key).ToList();

    /// <summary>The sink commits only after the store committed: once its offsets reach the ends, everything is stored or dead-lettered.</summary>
    private async Task WaitCommittedAsync(string groupId, IReadOnlyList<string> topics)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(clients.Consumer(groupId, "probe")).Build();
        var partitions = topics.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartition(t, p))).ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
        {
            var ends = partitions.ToDictionary(tp => tp, tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
            if (partitions.All(tp => ends[tp] == 0 || committed[tp] >= ends[tp]))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"group {groupId} did not catch up");
        }
    }
}
