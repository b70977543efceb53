using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest;

/// <summary>
/// Rebuilds <see cref="ActivityRegistry"/> from activity.events.v1: every partition is assigned from the beginning
/// (no consumer group offsets: each gateway instance keeps the whole view), and the registry is marked caught up once
/// every partition reached the end offset it had at start-up. Keeps following the log afterwards, so starts accepted
/// by other gateway instances become visible too.
/// </summary>
public sealed class ActivityRegistryLoader(
    ActivityRegistry registry, KafkaClients clients, ISchemaRegistry schemas, ILogger<ActivityRegistryLoader> log) : BackgroundService
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give it a thread of its own rather than a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "activity registry";
        var decoder = new ProtobufDeserializer<ActivityEvent>(schemas, ActivityEvent.Parser);
        var config = clients.Consumer("splitstream-ingest-registry-" + Guid.NewGuid().ToString("N"), "splitstream-ingest-registry");
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, m) => log.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => log.LogWarning("registry consumer error {Code}: {Reason}", e.Code, e.Reason))
            .Build();
        var pending = AssignFromBeginning(consumer, stoppingToken);
        if (pending.Count == 0)
        {
            registry.MarkCaughtUp();
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? record;
            try
            {
                record = consumer.Consume(TimeSpan.FromMilliseconds(250));
            }
            catch (ConsumeException e)
            {
                log.LogWarning("registry consume failed {Code}: {Reason}", e.Error.Code, e.Error.Reason);
                continue;
            }
            if (record is null)
            {
                continue;
            }
            if (record.IsPartitionEOF)
            {
                registry.Advance(record.Partition.Value, record.Offset.Value);
                if (pending.Remove(record.Partition.Value) && pending.Count == 0 && !registry.IsCaughtUp)
                {
                    registry.MarkCaughtUp();
                    log.LogInformation("activity registry caught up: {Count} activities", registry.Count);
                }
                continue;
            }
            try
            {
                registry.Apply(decoder.Deserialize(record));
            }
            catch (RecordDecodeException e)
            {
                // Not ours to dead-letter (processors do); skipping it only means that activity is unknown here.
                log.LogWarning(e, "skipping undecodable activity event at {Topic}/{Partition}@{Offset}", e.Topic, e.Partition, e.Offset);
            }
            registry.Advance(record.Partition.Value, record.Offset.Value + 1);
        }
        consumer.Close();
    }

    /// <summary>Assigns every partition at the beginning; returns the partitions that hold records to catch up on.</summary>
    private HashSet<int> AssignFromBeginning(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(clients.Admin("splitstream-ingest-registry-admin")).SetLogHandler((_, _) => { }).Build();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                var topic = admin.GetMetadata(Topics.ActivityEvents, MetadataTimeout).Topics.Single();
                if (topic.Error.IsError || topic.Partitions.Count == 0)
                {
                    throw new KafkaException(topic.Error);
                }
                var partitions = topic.Partitions.Select(p => new TopicPartition(Topics.ActivityEvents, p.PartitionId)).ToList();
                var pending = new HashSet<int>();
                foreach (var tp in partitions)
                {
                    var marks = consumer.QueryWatermarkOffsets(tp, MetadataTimeout);
                    if (marks.High.Value > marks.Low.Value)
                    {
                        pending.Add(tp.Partition.Value);
                    }
                }
                foreach (var tp in partitions)
                {
                    registry.Advance(tp.Partition.Value, 0);
                }
                consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
                log.LogInformation("activity registry loading {Partitions} partitions, {Pending} with records", partitions.Count, pending.Count);
                return pending;
            }
            catch (KafkaException e)
            {
                log.LogWarning("activity registry waiting for Kafka: {Reason}", e.Error.Reason);
                stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }
}
