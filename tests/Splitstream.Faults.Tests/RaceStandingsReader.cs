using System.Text;
using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Faults.Tests;

/// <summary>
/// The latest standings of a race as race.standings.v1 holds them (keyed upsert by race id, latest wins): what every
/// query-API instance serves from its broadcast feed. Reads every partition from the beginning to its current end.
/// </summary>
internal static class RaceStandingsReader
{
    public static RaceStandings? Latest(KafkaEndpoints endpoints, string raceId)
    {
        using var http = endpoints.RegistryHttp();
        var deserializer = new ProtobufDeserializer<RaceStandings>(new HttpSchemaRegistry(http), RaceStandings.Parser);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = endpoints.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(Topics.RaceStandings, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(Topics.RaceStandings, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = endpoints.BootstrapServers, GroupId = "faults-standings-reader", EnableAutoCommit = false,
        }).Build();
        var ends = partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(remaining.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var key = Encoding.UTF8.GetBytes(raceId);
        RaceStandings? latest = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); remaining.Count > 0;)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"race.standings.v1 not read to its end: {remaining.Count} partitions left");
            }
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } record)
            {
                continue;
            }
            if (record.Message.Key.AsSpan().SequenceEqual(key) && record.Message.Value is not null)
            {
                latest = deserializer.Deserialize(record);
            }
            if (record.Offset.Value + 1 >= ends[record.TopicPartition])
            {
                remaining.Remove(record.TopicPartition);
            }
        }
        return latest;
    }

    /// <summary>
    /// The standings as text with value equality, without what the contract derives from the wall clock (DESIGN §4,
    /// races README): when they were generated, each racer's last-seen time and stale flag, and whether the race is
    /// still live (refreshed on a timer). Everything else is a function of the racers' latest summaries.
    /// </summary>
    public static string Deterministic(RaceStandings standings)
    {
        var copy = standings.Clone();
        copy.GeneratedAtMs = 0;
        copy.Live = false;
        foreach (var racer in copy.Racers)
        {
            racer.LastSeenMs = 0;
            racer.Stale = false;
        }
        return copy.ToString();
    }
}
