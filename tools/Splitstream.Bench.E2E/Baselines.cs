using System.Diagnostics;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.Bench.E2E;

/// <summary>
/// The ceilings the pipeline is measured against, on the same cluster in the same run: the same GpsBatch records
/// (Confluent wire format, the gateway's producer settings) produced raw with librdkafka onto a topic of their own,
/// consumed and decoded raw with librdkafka, and consumed by kcat.
/// </summary>
public sealed class Baselines(InProcessPipeline pipeline, BenchWorkload workload, long batches, int batchSize)
{
    private readonly string topic = "bench-e2e-raw-" + Guid.NewGuid().ToString("N")[..8];

    public sealed record Figure(string Name, double SamplesPerSecond, string Notes);

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var clients = new KafkaClients(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = pipeline.BootstrapServers }));
        await pipeline.Topics.EnsureTopicsAsync([new TopicSpec(topic, clients.Partitions, Compacted: false)]);
        var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(pipeline.Registry, topic, GpsBatch.Parser);
        var values = Enumerable.Range(0, (int)batches).Select(n => serializer.Serialize(workload.Batch(n))).ToArray();
        var samples = batches * batchSize;
        return [Produce(clients, values, samples), Consume(clients, samples), await KcatAsync(samples)];
    }

    private Figure Produce(KafkaClients clients, byte[][] values, long samples)
    {
        using var producer = new ProducerBuilder<string, byte[]>(clients.Producer("bench-e2e-raw")).Build();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < values.Length; n++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, new Message<string, byte[]> { Key = workload.ActivityOf(n), Value = values[n] },
                        report => { if (report.Error.IsError) Interlocked.Increment(ref failed); });
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        producer.Flush();
        clock.Stop();
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} baseline records were not written");
        }
        return new Figure("raw produce (librdkafka, acks=all, idempotent)", samples / clock.Elapsed.TotalSeconds,
            $"{values.Length} records of {batchSize} samples, {values.Average(v => v.Length) / 1024:0.0} KiB each");
    }

    private Figure Consume(KafkaClients clients, long samples)
    {
        var config = clients.Consumer("bench-e2e-raw-consume", "bench-e2e-raw-consume");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, clients.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deserializer = new ProtobufDeserializer<GpsBatch>(pipeline.Registry, GpsBatch.Parser);
        var decoded = 0L;
        var clock = Stopwatch.StartNew();
        while (decoded < samples && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } record)
            {
                decoded += deserializer.Deserialize(record).Samples.Count;
            }
        }
        clock.Stop();
        consumer.Close();
        return new Figure("raw consume + decode (librdkafka)", decoded / clock.Elapsed.TotalSeconds,
            decoded == samples ? "" : $"only {decoded} of {samples} samples read");
    }

    /// <summary>kcat reading the topic from the beginning to its end (records counted, values not decoded).</summary>
    private async Task<Figure> KcatAsync(long samples)
    {
        var start = new ProcessStartInfo("kcat", ["-C", "-b", pipeline.BootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        try
        {
            using var kcat = Process.Start(start)!;
            var lines = 0L;
            while (await kcat.StandardOutput.ReadLineAsync() is not null)
            {
                lines++;
            }
            await kcat.WaitForExitAsync();
            clock.Stop();
            return new Figure("kcat consume (no decode)", lines * batchSize / clock.Elapsed.TotalSeconds,
                lines * batchSize == samples ? "" : $"read {lines * batchSize} of {samples} samples");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Figure("kcat consume (no decode)", double.NaN, "kcat not installed");
        }
    }
}
