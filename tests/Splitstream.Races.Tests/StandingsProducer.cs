using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Races.Tests;

/// <summary>Publishes standings to race.standings.v1 as the standings topology does (keyed by race id, wire format).</summary>
internal sealed class StandingsProducer : IAsyncDisposable
{
    private readonly IProducer<byte[], byte[]> producer;
    private readonly ProtobufSerializer<RaceStandings> serializer;

    private StandingsProducer(IProducer<byte[], byte[]> producer, ProtobufSerializer<RaceStandings> serializer)
    {
        this.producer = producer;
        this.serializer = serializer;
    }

    public static async Task<StandingsProducer> CreateAsync(EmbeddedPlatform platform) => new(
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, LingerMs = 0, EnableIdempotence = true }).Build(),
        await ProtobufSerializer<RaceStandings>.CreateAsync(platform.Registry, Topics.RaceStandings, RaceStandings.Parser));

    public Task PublishAsync(RaceStandings standings) => producer.ProduceAsync(Topics.RaceStandings,
        new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(standings.RaceId), Value = serializer.Serialize(standings) });

    public static RaceStandings Standings(string raceId, long generatedAtMs, params (string User, double DistanceM)[] racers)
    {
        var standings = new RaceStandings { RaceId = raceId, GeneratedAtMs = generatedAtMs, Live = true };
        standings.Racers.AddRange(racers.Select((r, i) => new RacerStanding
        {
            Rank = i + 1, UserId = r.User, ActivityId = "act-" + r.User, DistanceM = r.DistanceM, ElapsedTimeS = 100 + i,
            LastSeenMs = generatedAtMs - 500, LastSampleMs = generatedAtMs - 1000, Status = "active", Lat = 45.5, Lon = -73.58,
        }));
        return standings;
    }

    public ValueTask DisposeAsync()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
