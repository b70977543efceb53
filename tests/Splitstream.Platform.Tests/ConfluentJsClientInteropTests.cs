using System.Text.Json;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The embedded cluster and registry as Confluent's official JavaScript client (<c>@confluentinc/schemaregistry</c>,
/// pinned in confluent-js/package-lock.json) sees them: records produced with Splitstream's serializers are read back
/// from the cluster and decoded by the client's <c>ProtobufDeserializer</c>, which fetches each schema by the frame's id
/// from the embedded registry and picks the message by the frame's indexes. Each decoded message must equal, value by
/// value, the message that was sent.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConfluentJsClientInteropTests(PlatformFixture fixture)
{
    private static readonly NodeOracle ConfluentJs = new("Splitstream.Platform.Tests", "confluent-js", "@confluentinc/schemaregistry");

    private EmbeddedPlatform Platform => fixture.Platform;

    [Fact]
    public async Task Confluent_s_JavaScript_client_decodes_every_record_to_the_values_that_were_sent()
    {
        var suffix = Guid.NewGuid().ToString("N");
        IMessage[] sent =
        [
            new GpsBatch
            {
                ActivityId = "act-js",
                UserId = "u-js",
                Samples =
                {
                    new GpsSample { TimeMs = 1_700_000_000_123, Lat = 48.858_37, Lon = 2.294_48, Ele = 35.5, Acc = 4.25 },
                    new GpsSample { TimeMs = 1_700_000_001_123, Lat = -33.856_78, Lon = 151.215_29 },
                },
            },
            new HeartRateBatch { ActivityId = "act-js", UserId = "u-js", Samples = { new HeartRateSample { TimeMs = 1_700_000_000_500, Bpm = 142 } } },
            new ActivityEvent
            {
                ActivityId = "act-js",
                EventTimeMs = 1_700_000_000_000,
                Started = new Started { UserId = "u-js", Sport = "run", RaceId = "race-js", Country = "FR" },
            },
            new ActivityEvent { ActivityId = "act-js", EventTimeMs = 1_700_000_900_000, Stopped = new Stopped() },
            new ActivitySummary
            {
                ActivityId = "act-js",
                UserId = "u-js",
                Sport = "run",
                Status = "finished",
                DistanceM = 5_012.345_678_9,
                MovingTimeS = 1_499.5,
                HrMax = 181,
                // 2^53 + 1: a JavaScript number cannot hold it, the client's int64 must.
                PointsCount = 9_007_199_254_740_993,
                Polyline = "_p~iF~ps|U_ulLnnqC_mqNvxq`@",
                Splits = { new Split { Km = 1, TimeS = 301.25, PaceSPerKm = 301.25 }, new Split { Km = 2, TimeS = 298.0, PaceSPerKm = 298.0 } },
                BestEfforts = { new BestEffort { Name = "1km", DistanceM = 1_000, TimeS = 297.75 } },
                LastLat = 48.86,
                LastLon = 2.3,
            },
            // Not the first message of its .proto file: the frame's message index is [1].
            new Started { UserId = "u-js", Sport = "ride" },
        ];
        var records = new List<(string Topic, byte[] Value)>();
        for (var i = 0; i < sent.Length; i++)
        {
            var topic = $"js-{i}-{sent[i].Descriptor.Name.ToLowerInvariant()}-{suffix}";
            records.Add((topic, await ProduceAndReadBack(topic, sent[i])));
        }
        Assert.Equal([2, 2], records[^1].Value[5..7]); // message-index path [1]: count 1, index 1, as zig-zag varints
        var input = Path.Combine(Path.GetTempPath(), $"splitstream-js-interop-{suffix}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(records.Select(r => new { topic = r.Topic, value = Convert.ToBase64String(r.Value) })));

        JsonElement decoded;
        try
        {
            decoded = JsonDocument.Parse(ConfluentJs.Node("decode.mjs", Platform.SchemaRegistryUrl, input)).RootElement;
        }
        finally
        {
            File.Delete(input);
        }

        Assert.Equal(sent.Length, decoded.GetArrayLength());
        var parser = new JsonParser(JsonParser.Settings.Default);
        for (var i = 0; i < sent.Length; i++)
        {
            var result = decoded[i];
            Assert.Equal(sent[i].Descriptor.FullName, result.GetProperty("type").GetString());
            var back = parser.Parse(result.GetProperty("message").GetRawText(), sent[i].Descriptor);
            Assert.Equal(sent[i], back);
        }
        Assert.Equal("9007199254740993", decoded[4].GetProperty("message").GetProperty("points_count").GetString());
        Assert.Equal(35.5, decoded[0].GetProperty("message").GetProperty("samples")[0].GetProperty("ele").GetDouble());
        Assert.False(decoded[0].GetProperty("message").GetProperty("samples")[1].TryGetProperty("ele", out _));
    }

    private async Task<byte[]> ProduceAndReadBack(string topic, IMessage message)
    {
        Platform.Cluster.CreateTopic(new TopicSpec(topic, 1, false));
        var serialize = await SerializerFor(topic, message);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Platform.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "act-js", Value = serialize(message) });
        }
        return TopicReader.ConsumeOne(Platform, topic);
    }

    private async Task<Func<IMessage, byte[]>> SerializerFor(string topic, IMessage message) => message switch
    {
        GpsBatch => Wrap(await ProtobufSerializer<GpsBatch>.CreateAsync(Platform.Registry, topic, GpsBatch.Parser)),
        HeartRateBatch => Wrap(await ProtobufSerializer<HeartRateBatch>.CreateAsync(Platform.Registry, topic, HeartRateBatch.Parser)),
        ActivityEvent => Wrap(await ProtobufSerializer<ActivityEvent>.CreateAsync(Platform.Registry, topic, ActivityEvent.Parser)),
        ActivitySummary => Wrap(await ProtobufSerializer<ActivitySummary>.CreateAsync(Platform.Registry, topic, ActivitySummary.Parser)),
        Started => Wrap(await ProtobufSerializer<Started>.CreateAsync(Platform.Registry, topic, Started.Parser)),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.Descriptor.FullName, "no serializer in this test"),
    };

    private static Func<IMessage, byte[]> Wrap<T>(ProtobufSerializer<T> serializer) where T : IMessage<T> => m => serializer.Serialize((T)m);
}
