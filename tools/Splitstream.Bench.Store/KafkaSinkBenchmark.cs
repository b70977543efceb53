using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Bench.Store;

/// <summary>
/// The whole point-series sink: records of 3,600 samples on telemetry.gps.v1 of the embedded cluster, consumed,
/// decoded, written and committed. Rows/s is measured from the first committed batch to the last, so the consumer
/// group's join delay (seconds on the mock cluster) does not count against it.
/// </summary>
internal static class KafkaSinkBenchmark
{
    /// <summary>
    /// Rows this benchmark sends at most: 200,000 samples are about 6 MiB of records over 12 partitions, well inside the
    /// mock cluster's 5 MiB per partition (2,000,000 overflowed it: "sink wrote 549 of 555 records").
    /// </summary>
    public const int MaxRows = 200_000;

    public static async Task<double> RunAsync(ISplitstreamStore store, IReadOnlyList<GpsPoint> rows, int batchRows)
    {
        await using var platform = await EmbeddedPlatform.StartAsync(partitions: 12);
        var clients = new KafkaClients(Options.Create(new KafkaOptions { BootstrapServers = platform.BootstrapServers }));
        var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, Topics.Gps, GpsBatch.Parser);
        var records = 0;
        using (var producer = new ProducerBuilder<byte[], byte[]>(clients.Producer("bench")).Build())
        {
            foreach (var activity in rows.GroupBy(r => r.ActivityId))
            {
                var batch = new GpsBatch { ActivityId = activity.Key, UserId = "bench" };
                batch.Samples.AddRange(activity.Select(p => new GpsSample { TimeMs = p.TimeMs, Lat = p.Lat, Lon = p.Lon, Ele = p.Ele ?? 0 }));
                producer.Produce(Topics.Gps, new Message<byte[], byte[]>
                {
                    Key = System.Text.Encoding.UTF8.GetBytes(activity.Key), Value = serializer.Serialize(batch),
                });
                records++;
            }
            producer.Flush(TimeSpan.FromMinutes(2));
        }
        using var deadLetters = new DeadLetterPublisher(clients);
        var options = new SinkOptions { PointGroupId = "bench-" + Guid.NewGuid().ToString("N")[..8], PointBatchRows = batchRows };
        using var sink = SinkFactory.PointSeries(options, store, platform.Registry, clients, deadLetters, NullLoggerFactory.Instance);
        await sink.StartAsync(CancellationToken.None);
        var clock = new Stopwatch();
        long firstRecords = 0;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (sink.RecordsWritten < records)
        {
            if (!clock.IsRunning && sink.RecordsWritten > 0)
            {
                clock.Start();
                firstRecords = sink.RecordsWritten;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sink wrote {sink.RecordsWritten} of {records} records");
            }
            await Task.Delay(5);
        }
        clock.Stop();
        await sink.StopAsync(CancellationToken.None);
        var rowsPerRecord = (double)rows.Count / records;
        return (records - firstRecords) * rowsPerRecord / clock.Elapsed.TotalSeconds;
    }
}
