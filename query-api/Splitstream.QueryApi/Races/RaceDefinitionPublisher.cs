using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// Publishes a race's definition (course, checkpoints, revision) to the compacted races.v1 (keyed by race id) after
/// the store saved it, and returns once Kafka acknowledged it: the standings topology reads it from there. Created on
/// first use, so a query API that never writes races never connects for it.
/// </summary>
public sealed class RaceDefinitionPublisher(KafkaClients clients, ISchemaRegistry registry) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lazy<IProducer<string, byte[]>> producer = new(() =>
    {
        var config = clients.Producer("splitstream-query-races");
        config.MessageTimeoutMs = (int)Timeout.TotalMilliseconds;
        return new ProducerBuilder<string, byte[]>(config).Build();
    });

    private readonly Lazy<Task<ProtobufSerializer<RaceDefinition>>> serializer =
        new(() => ProtobufSerializer<RaceDefinition>.CreateAsync(registry, Topics.Races, RaceDefinition.Parser, CancellationToken.None));

    public async Task PublishAsync(RaceDetails race, CancellationToken cancellationToken)
    {
        var bytes = (await serializer.Value.WaitAsync(cancellationToken)).Serialize(ToMessage(race));
        await producer.Value.ProduceAsync(Topics.Races, new Message<string, byte[]> { Key = race.RaceId, Value = bytes }, cancellationToken);
    }

    public static RaceDefinition ToMessage(RaceDetails race)
    {
        var message = new RaceDefinition
        {
            RaceId = race.RaceId, Name = race.Name, Sport = race.Sport, ScheduledStartMs = race.ScheduledStartMs, Revision = race.Revision,
        };
        message.Course.AddRange(race.Course.Select(p => new Schemas.V1.CoursePoint { Lat = p.Lat, Lon = p.Lon }));
        message.Checkpoints.AddRange(race.Checkpoints.Select(c => new RaceCheckpoint { Name = c.Name, Lat = c.Lat, Lon = c.Lon }));
        return message;
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
