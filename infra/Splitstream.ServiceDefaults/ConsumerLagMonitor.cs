using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// Measures consumer lag (partition end minus committed offset) of the given groups every <c>Telemetry:LagInterval</c>
/// and publishes it as the gauge <c>splitstream.kafka.consumer.lag</c> {group, topic, partition}. Committed offsets are
/// read with one OffsetFetch per group from a consumer that never joins the group (the embedded cluster cannot list
/// groups or describe them), so a partition shows up once its group has committed on it.
/// </summary>
public sealed class ConsumerLagMonitor(
    IReadOnlyList<string> groups, KafkaClients clients, IOptions<TelemetryOptions> options, ILogger<ConsumerLagMonitor> log) : BackgroundService
{
    /// <summary>The latest lag of every monitored partition in this process (one gauge however many monitors run).</summary>
    private static readonly ConcurrentDictionary<(string Group, string Topic, int Partition), long> Lags = new();

    private static readonly ObservableGauge<long> Gauge = SplitstreamTelemetry.Meter.CreateObservableGauge("splitstream.kafka.consumer.lag",
        () => Lags.Select(l => new Measurement<long>(l.Value,
            new KeyValuePair<string, object?>("group", l.Key.Group),
            new KeyValuePair<string, object?>("topic", l.Key.Topic),
            new KeyValuePair<string, object?>("partition", l.Key.Partition))),
        "{record}", "Records between a consumer group's committed offset and the end of the partition");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Metadata, OffsetFetch and ListOffsets block: a thread of its own rather than one of the pool's.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var key in Lags.Keys.Where(k => groups.Contains(k.Group)))
        {
            Lags.TryRemove(key, out _);
        }
    }

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "consumer lag";
        _ = Gauge;
        using var admin = new AdminClientBuilder(clients.Admin("splitstream-lag")).Build();
        // group.id is what OffsetFetch asks about; these consumers never subscribe, so they never join the group.
        var readers = groups.Distinct().ToDictionary(g => g,
            g => new ConsumerBuilder<byte[], byte[]>(clients.Consumer(g, "splitstream-lag")).SetLogHandler((_, _) => { }).Build());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    Measure(admin, readers);
                }
                catch (KafkaException e)
                {
                    log.LogDebug("consumer lag not measured this time: {Reason}", e.Error.Reason);
                }
                stoppingToken.WaitHandle.WaitOne(options.Value.LagInterval);
            }
        }
        finally
        {
            foreach (var reader in readers.Values)
            {
                reader.Dispose();
            }
        }
    }

    private static void Measure(IAdminClient admin, Dictionary<string, IConsumer<byte[], byte[]>> readers)
    {
        var timeout = TimeSpan.FromSeconds(5);
        var partitions = admin.GetMetadata(timeout).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .ToList();
        var ends = new Dictionary<TopicPartition, long>();
        foreach (var (group, reader) in readers)
        {
            foreach (var committed in reader.Committed(partitions, timeout).Where(c => c.Offset.Value >= 0))
            {
                if (!ends.TryGetValue(committed.TopicPartition, out var end))
                {
                    end = ends[committed.TopicPartition] = reader.QueryWatermarkOffsets(committed.TopicPartition, timeout).High.Value;
                }
                Lags[(group, committed.Topic, committed.Partition.Value)] = Math.Max(0, end - committed.Offset.Value);
            }
        }
    }
}
