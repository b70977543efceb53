using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// Reads race.standings.v1 as a broadcast: every query-API instance assigns itself all partitions from the beginning
/// (no group membership, no commits), so any instance can serve any race. Marks the view caught up once it has read
/// every partition to the end it had when the feed started; /readyz says "loading" until then.
/// </summary>
public sealed class RaceStandingsFeed(
    KafkaClients kafka, IOptions<KafkaOptions> kafkaOptions, ISchemaRegistry registry, RaceStandingsView view, ILogger<RaceStandingsFeed> log)
    : BackgroundService
{
    public const string Topic = Topics.RaceStandings;

    /// <summary>See <c>Splitstream.Streams.ShortFetchWait</c>: the embedded broker holds idle fetches for the whole wait.</summary>
    private const int FetchWaitMaxMs = 25;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken stoppingToken)
    {
        var config = kafka.Consumer($"splitstream-query-standings-{Guid.NewGuid():N}", $"splitstream-query-standings-{Environment.ProcessId}");
        config.EnableAutoCommit = false;
        config.FetchWaitMaxMs = FetchWaitMaxMs;
        foreach (var (key, value) in kafkaOptions.Value.Config)
        {
            config.Set(key, value);
        }
        var deserializer = new ProtobufDeserializer<RaceStandings>(registry, RaceStandings.Parser);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, m) => log.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => log.LogDebug("standings feed: {Reason}", e.Reason))
            .Build();
        var targets = await AssignAllAsync(consumer, stoppingToken);
        if (targets is null)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException e)
            {
                log.LogWarning("Race standings feed: {Reason}", e.Error.Reason);
                continue;
            }
            if (result is { Message.Value: not null })
            {
                try
                {
                    view.Apply(deserializer.Deserialize(result));
                }
                catch (RecordDecodeException e)
                {
                    // The processors own the dead-letter path; a view can only skip what it cannot read.
                    log.LogWarning("Skipping an undecodable standings record: {Reason}", e.Message);
                }
            }
            try
            {
                if (!view.CaughtUp && targets.All(t => Reached(consumer, t)))
                {
                    view.MarkCaughtUp();
                    log.LogInformation("Race standings view caught up: {Races} races", view.RaceCount);
                }
            }
            catch (KafkaException e)
            {
                // Positions are local state, but the client may refuse while it rebuilds its metadata: ask again next time.
                log.LogDebug("Race standings feed: position not available yet: {Reason}", e.Error.Reason);
            }
        }
        consumer.Close();
    }

    /// <summary>Assigns every partition from the beginning; returns each one's end at this moment (what "caught up" means).</summary>
    private async Task<List<TopicPartitionOffset>?> AssignAllAsync(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(kafka.Admin("splitstream-query-standings-admin")).SetLogHandler((_, _) => { }).Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var metadata = admin.GetMetadata(Topic, TimeSpan.FromSeconds(5)).Topics.Single();
                if (!metadata.Error.IsError && metadata.Partitions.Count > 0)
                {
                    var partitions = metadata.Partitions.Select(p => new TopicPartition(Topic, p.PartitionId)).ToList();
                    var targets = partitions.Select(tp =>
                    {
                        var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5));
                        return new TopicPartitionOffset(tp, marks.High.Value <= marks.Low.Value ? Offset.Beginning : marks.High);
                    }).ToList();
                    consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
                    if (targets.All(t => t.Offset == Offset.Beginning))
                    {
                        view.MarkCaughtUp();
                    }
                    return targets.Where(t => t.Offset != Offset.Beginning).ToList();
                }
                log.LogDebug("Topic {Topic} not available yet: {Reason}", Topic, metadata.Error.Reason);
            }
            catch (KafkaException e)
            {
                log.LogDebug("Race standings feed waiting for Kafka: {Reason}", e.Error.Reason);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return null;
    }

    private static bool Reached(IConsumer<byte[], byte[]> consumer, TopicPartitionOffset target)
    {
        var position = consumer.Position(target.TopicPartition);
        return position != Offset.Unset && position.Value >= target.Offset.Value;
    }
}
