using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class EmbeddedClusterTests(PlatformFixture fixture)
{
    private EmbeddedPlatform Platform => fixture.Platform;

    [Fact]
    public async Task Protobuf_records_round_trip_through_a_consumer_group_with_the_wire_format_serdes()
    {
        var topic = NewTopic(partitions: 4);
        var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(Platform.Registry, topic, GpsBatch.Parser);
        var deserializer = new ProtobufDeserializer<GpsBatch>(Platform.Registry, GpsBatch.Parser);
        var sent = Enumerable.Range(0, 40).Select(i => new GpsBatch
        {
            ActivityId = $"act-{i % 8}",
            UserId = "u1",
            Samples = { new GpsSample { TimeMs = 1_700_000_000_000 + i * 1000, Lat = 45 + i * 1e-4, Lon = -73, Acc = 4 } },
        }).ToList();

        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Platform.BootstrapServers, EnableIdempotence = true }).Build())
        {
            foreach (var batch in sent)
            {
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = batch.ActivityId, Value = serializer.Serialize(batch) });
            }
        }

        var received = ConsumeAll(topic, "roundtrip-" + Guid.NewGuid().ToString("N"), sent.Count)
            .Select(r => (Key: Encoding.UTF8.GetString(r.Message.Key), Value: deserializer.Deserialize(r)))
            .ToList();

        Assert.Equal(sent.OrderBy(b => b.Samples[0].TimeMs), received.Select(r => r.Value).OrderBy(b => b.Samples[0].TimeMs));
        Assert.All(received, r => Assert.Equal(r.Key, r.Value.ActivityId));
        // Keyed by activity: every record of one activity is on one partition.
        Assert.Equal(8, received.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public async Task An_idempotent_producer_delivers_everything_exactly_once_across_a_broker_outage()
    {
        var topic = NewTopic(partitions: 6);
        const int count = 3000;
        var config = new ProducerConfig
        {
            BootstrapServers = Platform.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
            MessageTimeoutMs = 60_000,
            RetryBackoffMs = 50,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var deliveries = new List<Task<DeliveryResult<string, string>>>();
        for (var i = 0; i < count; i++)
        {
            if (i == count / 3)
            {
                await Task.WhenAll(deliveries);
                Platform.Cluster.Faults.SetBrokerDown(1);
            }
            if (i == 2 * count / 3)
            {
                await Task.Delay(1000);
                Platform.Cluster.Faults.SetBrokerUp(1);
            }
            deliveries.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i % 50}", Value = i.ToString() }));
        }
        var results = await Task.WhenAll(deliveries);
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));

        var values = ConsumeAll(topic, "outage-" + Guid.NewGuid().ToString("N"), count).Select(r => int.Parse(Encoding.UTF8.GetString(r.Message.Value))).ToList();

        Assert.Equal(count, values.Count);
        Assert.Equal(Enumerable.Range(0, count), values.Order());
    }

    [Fact]
    public async Task A_record_written_by_the_project_is_read_by_kcat_key_and_Confluent_framed_value()
    {
        var topic = NewTopic(partitions: 1);
        var serializer = await ProtobufSerializer<ActivityEvent>.CreateAsync(Platform.Registry, topic, ActivityEvent.Parser);
        var started = new ActivityEvent { ActivityId = "9b2f6c1e-activity", EventTimeMs = 1, Started = new Started { UserId = "u1", Sport = "run" } };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Platform.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = started.ActivityId, Value = serializer.Serialize(started) });
        }

        var (exit, output) = await RunAsync("kcat", $"-b {Platform.BootstrapServers} -C -t {topic} -c 1 -e -f %k");
        var (valueExit, value) = await RunBinaryAsync("kcat", $"-b {Platform.BootstrapServers} -C -t {topic} -c 1 -e -f %s");

        Assert.Equal(0, exit);
        Assert.Equal("9b2f6c1e-activity", output.Trim());
        // The value as kcat hands it over, decoded by hand against the Confluent wire format: magic byte 0, the schema id
        // the registry's REST API gives for <topic>-value (4 bytes, big-endian), message index [0] as one 0 byte, then
        // the message, parsed by Google's Protobuf runtime.
        Assert.Equal(0, valueExit);
        using var http = new HttpClient();
        using var latest = JsonDocument.Parse(await http.GetStringAsync($"{Platform.SchemaRegistryUrl}/subjects/{topic}-value/versions/latest"));
        Assert.Equal(0, value[0]);
        Assert.Equal(latest.RootElement.GetProperty("id").GetInt32(), BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(1, 4)));
        Assert.Equal(0, value[5]);
        Assert.Equal(started, ActivityEvent.Parser.ParseFrom(value.AsSpan(6)));
    }

    [Fact]
    public async Task Kcat_reads_a_dead_letter_s_headers_the_record_s_own_first_then_the_four_dlq_headers()
    {
        var topic = NewTopic(partitions: 1);
        var original = new Headers { { "traceparent", Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") } };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Platform.BootstrapServers }).Build())
        {
            var headers = DeadLetterHeaders.Build("decode: bad frame", Topics.Gps, 7, 1234, original);
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "act-1", Value = [1, 2, 3], Headers = headers });
        }

        var (exit, output) = await RunAsync("kcat", $"-b {Platform.BootstrapServers} -C -t {topic} -c 1 -e -f %h");

        Assert.Equal(0, exit);
        Assert.Equal(
            "traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01,dlq.reason=decode: bad frame," +
            "dlq.source.topic=telemetry.gps.v1,dlq.source.partition=7,dlq.source.offset=1234",
            output.Trim());
    }

    [Fact]
    public void A_record_dead_lettered_again_names_only_its_latest_source()
    {
        var first = DeadLetterHeaders.Build("decode: bad frame", Topics.Gps, 7, 1234);

        var second = DeadLetterHeaders.Build("process: boom", Topics.DeadLetter, 2, 9, first);

        Assert.Equal(4, second.Count);
        Assert.Equal("process: boom", DeadLetterHeaders.Read(second, DeadLetterHeaders.Reason));
        Assert.Equal(Topics.DeadLetter, DeadLetterHeaders.Read(second, DeadLetterHeaders.SourceTopic));
        Assert.Equal("2", DeadLetterHeaders.Read(second, DeadLetterHeaders.SourcePartition));
        Assert.Equal("9", DeadLetterHeaders.Read(second, DeadLetterHeaders.SourceOffset));
    }

    [Fact]
    public async Task Kcat_lists_the_design_topics_with_their_partition_counts()
    {
        var (exit, output) = await RunAsync("kcat", $"-L -b {Platform.BootstrapServers}");

        Assert.Equal(0, exit);
        foreach (var spec in TopicCatalog.All())
        {
            Assert.Contains($"topic \"{spec.Name}\" with {spec.Partitions} partitions", output);
        }
        Assert.Contains("3 brokers", output);
    }

    private string NewTopic(int partitions)
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..12];
        Platform.Cluster.CreateTopic(new TopicSpec(name, partitions, Compacted: false));
        return name;
    }

    private List<ConsumeResult<byte[], byte[]>> ConsumeAll(string topic, string group, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Platform.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Read until the expected count, then a little longer: a duplicate would show up as an extra record.
        var quietUntil = DateTime.MaxValue;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow < quietUntil)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is not null)
            {
                records.Add(record);
                if (records.Count == expected)
                {
                    quietUntil = DateTime.UtcNow.AddSeconds(1);
                }
            }
        }
        consumer.Commit();
        consumer.Close();
        return records;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static async Task<(int Exit, byte[] Output)> RunBinaryAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToArray());
    }
}
