using System.Diagnostics;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest;

/// <summary>
/// The gateway's one idempotent producer (acks=all). A publish is a set of records of one activity, keyed by its id so
/// they stay in order on one partition; it succeeds only when every record's delivery report says Persisted. Delivery
/// failures, the short message timeout, a full local queue and the in-flight byte bound all come back as
/// <see cref="PublishOutcome.Unavailable"/>, which the API turns into 503 with Retry-After. On the embedded platform a
/// Persisted report is not yet durable (the cluster lives in memory): the publish also waits for the platform's archive
/// to have fsync'd the records (<see cref="IRecordDurability"/>), so a SIGKILL right after a 202 loses nothing.
/// </summary>
public sealed class TelemetryPublisher : ITelemetryPublisher, IDisposable
{
    private readonly ISchemaRegistry schemas;
    private readonly ILogger<TelemetryPublisher> log;
    private readonly InFlightBudget budget;
    private readonly IRecordDurability durability;
    private readonly TimeSpan durabilityTimeout;
    private readonly IProducer<string, byte[]> producer;
    private readonly SemaphoreSlim serializersLock = new(1, 1);
    private Serializers? serializers;
    private int disposed;

    /// <summary>The gateway's producer settings: also the ingest bench's raw-producer baseline, so the two compare like with like.</summary>
    public static ProducerConfig ProducerConfig(KafkaClients clients, IngestOptions settings)
    {
        var config = clients.Producer("splitstream-ingest");
        config.MessageTimeoutMs = settings.ProducerMessageTimeoutMs;
        config.LingerMs = settings.ProducerLingerMs;
        // librdkafka's own queue is bounded a little above ours, so the budget (not Local_QueueFull) is what normally bites.
        config.QueueBufferingMaxKbytes = (int)Math.Clamp(settings.MaxInFlightBytes / 1024 * 2, 1024, 2_097_151);
        return config;
    }

    public TelemetryPublisher(KafkaClients clients, ISchemaRegistry schemas, IOptions<IngestOptions> options, ILogger<TelemetryPublisher> log,
        IRecordDurability? durability = null)
    {
        this.schemas = schemas;
        this.log = log;
        this.durability = durability ?? BrokerDurability.Instance;
        var settings = options.Value;
        durabilityTimeout = TimeSpan.FromMilliseconds(settings.ProducerMessageTimeoutMs);
        budget = new InFlightBudget(settings.MaxInFlightBytes);
        producer = new ProducerBuilder<string, byte[]>(ProducerConfig(clients, settings))
            .SetLogHandler((_, m) => log.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal)
                {
                    log.LogCritical("ingest producer fatal error {Code}: {Reason}", e.Code, e.Reason);
                }
                else
                {
                    log.LogWarning("ingest producer error {Code}: {Reason}", e.Code, e.Reason);
                }
            })
            .Build();
    }

    /// <summary>Bytes of records currently awaiting delivery reports.</summary>
    public long InFlightBytes => budget.Used;

    /// <summary>Registers the value schemas (once); called at start-up so the first request does not pay for it.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken) => await GetSerializersAsync(cancellationToken);

    public async Task<PublishOutcome> PublishAsync(string activityId, IReadOnlyList<IMessage> messages, CancellationToken cancellationToken)
    {
        Serializers codecs;
        try
        {
            codecs = await GetSerializersAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KafkaException)
        {
            log.LogWarning(e, "schema registry unavailable");
            return PublishOutcome.Unavailable("schema registry unavailable");
        }
        var records = new (string Topic, byte[] Value)[messages.Count];
        long bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            records[i] = codecs.Serialize(messages[i]);
            bytes += records[i].Value.Length + activityId.Length;
        }
        if (!budget.TryAcquire(bytes))
        {
            return PublishOutcome.Unavailable("too many bytes awaiting Kafka acknowledgement");
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = default(PublishOutcome);
        try
        {
            // The request's trace goes with the records (W3C traceparent header) to the topologies and sinks that read them.
            var trace = KafkaTraceContext.For(Activity.Current);
            // Never cancelled by the request: a record handed to librdkafka cannot be taken back, so we wait for its report.
            var deliveries = new Task<DeliveryResult<string, byte[]>>[records.Length];
            for (var i = 0; i < records.Length; i++)
            {
                deliveries[i] = producer.ProduceAsync(records[i].Topic,
                    new Message<string, byte[]> { Key = activityId, Value = records[i].Value, Headers = trace });
            }
            try
            {
                await Task.WhenAll(deliveries);
            }
            catch (ProduceException<string, byte[]> e)
            {
                return outcome = PublishOutcome.Unavailable($"Kafka did not acknowledge: {e.Error.Code}");
            }
            catch (KafkaException e)
            {
                return outcome = PublishOutcome.Unavailable($"Kafka did not accept: {e.Error.Code}");
            }
            foreach (var delivery in deliveries)
            {
                if (delivery.Result.Status != PersistenceStatus.Persisted)
                {
                    return outcome = PublishOutcome.Unavailable($"delivery status {delivery.Result.Status}");
                }
            }
            return outcome = await WaitDurableAsync(deliveries.Select(d => d.Result));
        }
        finally
        {
            budget.Release(bytes);
            SplitstreamTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("outcome", outcome.Persisted ? "persisted" : "unavailable"));
        }
    }

    /// <summary>Waits until the last record of each partition written is durable (the rest of a partition is below it).</summary>
    private async Task<PublishOutcome> WaitDurableAsync(IEnumerable<DeliveryResult<string, byte[]>> delivered)
    {
        using var timeout = new CancellationTokenSource(durabilityTimeout);
        try
        {
            foreach (var last in delivered.GroupBy(d => d.TopicPartition).Select(g => g.MaxBy(d => d.Offset.Value)!))
            {
                await durability.WaitDurableAsync(last.Topic, last.Partition.Value, last.Offset.Value, timeout.Token);
            }
            return PublishOutcome.Success;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return PublishOutcome.Unavailable("the embedded platform's archive did not confirm the records in time");
        }
        catch (InvalidOperationException e)
        {
            log.LogError(e, "records not durable");
            return PublishOutcome.Unavailable("the embedded platform's archive failed");
        }
    }

    public void Dispose()
    {
        // Registered both as itself and as ITelemetryPublisher: the container may dispose it twice.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        // Everything acknowledged was already awaited; this only drains what failed requests left behind.
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
        serializersLock.Dispose();
    }

    private async ValueTask<Serializers> GetSerializersAsync(CancellationToken cancellationToken)
    {
        if (serializers is { } ready)
        {
            return ready;
        }
        await serializersLock.WaitAsync(cancellationToken);
        try
        {
            return serializers ??= new Serializers(
                await ProtobufSerializer<ActivityEvent>.CreateAsync(schemas, Topics.ActivityEvents, ActivityEvent.Parser, cancellationToken),
                await ProtobufSerializer<GpsBatch>.CreateAsync(schemas, Topics.Gps, GpsBatch.Parser, cancellationToken),
                await ProtobufSerializer<HeartRateBatch>.CreateAsync(schemas, Topics.HeartRate, HeartRateBatch.Parser, cancellationToken));
        }
        finally
        {
            serializersLock.Release();
        }
    }

    private sealed record Serializers(
        ProtobufSerializer<ActivityEvent> Events, ProtobufSerializer<GpsBatch> Gps, ProtobufSerializer<HeartRateBatch> HeartRate)
    {
        public (string Topic, byte[] Value) Serialize(IMessage message) => message switch
        {
            GpsBatch gps => (Topics.Gps, Gps.Serialize(gps)),
            HeartRateBatch hr => (Topics.HeartRate, HeartRate.Serialize(hr)),
            ActivityEvent e => (Topics.ActivityEvents, Events.Serialize(e)),
            _ => throw new ArgumentException($"no topic for {message.GetType().Name}", nameof(message)),
        };
    }
}
