using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// Publishes a user's goal set to the compacted goals.v1 (keyed by user id) after the store saved it, and returns once
/// Kafka acknowledged it. The set carries the store's revision, so the goals topology keeps the newest set even when
/// two requests publish out of order. The producer and serializer are created on first use: a query API that never
/// writes goals never connects to Kafka for it.
/// </summary>
public sealed class GoalPublisher(KafkaClients clients, ISchemaRegistry registry) : IDisposable
{
    /// <summary>How long a publish may wait for Kafka before the request answers 503.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lazy<IProducer<string, byte[]>> producer = new(() =>
    {
        var config = clients.Producer("splitstream-query-goals");
        config.MessageTimeoutMs = (int)Timeout.TotalMilliseconds;
        return new ProducerBuilder<string, byte[]>(config).Build();
    });

    private readonly SemaphoreSlim gate = new(1, 1);
    private ProtobufSerializer<UserGoals>? serializer;

    public async Task PublishAsync(GoalSet set, CancellationToken cancellationToken)
    {
        var value = ToMessage(set);
        var bytes = (await SerializerAsync(cancellationToken)).Serialize(value);
        await producer.Value.ProduceAsync(Topics.Goals, new Message<string, byte[]> { Key = set.UserId, Value = bytes }, cancellationToken);
    }

    public static UserGoals ToMessage(GoalSet set)
    {
        var message = new UserGoals { UserId = set.UserId, Revision = set.Revision };
        message.Goals.AddRange(set.Goals.Select(g => new GoalDefinition
        {
            GoalId = g.GoalId, Sport = g.Sport, Kind = g.Kind, Period = g.Period, TargetDistanceM = g.TargetDistanceM,
            TargetCount = g.TargetCount, CreatedAtMs = g.CreatedAtMs, TargetDurationS = g.TargetDurationS, TargetVolumeKg = g.TargetVolumeKg,
        }));
        return message;
    }

    private async Task<ProtobufSerializer<UserGoals>> SerializerAsync(CancellationToken cancellationToken)
    {
        if (serializer is { } ready)
        {
            return ready;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            return serializer ??= await ProtobufSerializer<UserGoals>.CreateAsync(registry, Topics.Goals, UserGoals.Parser, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
        gate.Dispose();
    }
}
