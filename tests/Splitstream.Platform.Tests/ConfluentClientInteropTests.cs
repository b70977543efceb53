using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The embedded registry as Confluent's own .NET client (Confluent.SchemaRegistry 2.16) sees it: records produced on the
/// embedded cluster are decoded with nothing but the schema the client fetched by id (<c>format=serialized</c>), and
/// registration, compatibility and configuration answer as Confluent's registry does.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConfluentClientInteropTests(PlatformFixture fixture)
{
    private EmbeddedPlatform Platform => fixture.Platform;

    private CachedSchemaRegistryClient Confluent() => new(new SchemaRegistryConfig { Url = Platform.SchemaRegistryUrl });

    [Fact]
    public async Task Confluent_s_client_decodes_our_records_with_the_schema_it_fetches_by_id()
    {
        var topic = "interop-" + Guid.NewGuid().ToString("N");
        Platform.Cluster.CreateTopic(new TopicSpec(topic, 1, false));
        var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(Platform.Registry, topic, GpsBatch.Parser);
        var sent = new GpsBatch
        {
            ActivityId = "act-interop",
            UserId = "u-interop",
            Samples = { new GpsSample { TimeMs = 1_700_000_000_123, Lat = 48.858_37, Lon = 2.294_48, Ele = 35.5 } },
        };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Platform.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = sent.ActivityId, Value = serializer.Serialize(sent) });
        }
        var bytes = TopicReader.ConsumeOne(Platform, topic);

        // Confluent's framing read by hand: magic byte 0, big-endian schema id, message-index path [0] as one 0 byte.
        Assert.Equal(0, bytes[0]);
        var id = (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4];
        Assert.Equal(0, bytes[5]);
        using var client = Confluent();
        var fetched = await client.GetSchemaAsync(id, "serialized");
        var file = FileDescriptor.BuildFromByteStrings([ByteString.FromBase64(fetched.SchemaString)])[0];
        var decoded = GenericProtobuf.Decode(file.MessageTypes[0], bytes.AsSpan(6).ToArray());

        Assert.Equal(SchemaType.Protobuf, fetched.SchemaType);
        Assert.Equal("GpsBatch", file.MessageTypes[0].Name);
        Assert.Equal("act-interop", decoded["activity_id"].Single());
        Assert.Equal("u-interop", decoded["user_id"].Single());
        var sample = (Dictionary<string, List<object>>)decoded["samples"].Single();
        Assert.Equal(1_700_000_000_123L, sample["time_ms"].Single());
        Assert.Equal(48.858_37, sample["lat"].Single());
        Assert.Equal(2.294_48, sample["lon"].Single());
        Assert.Equal(35.5, sample["ele"].Single());
        Assert.False(sample.ContainsKey("acc"));
    }

    [Fact]
    public async Task Confluent_s_client_registers_looks_up_and_reads_versions_and_configuration()
    {
        var subject = "client-" + Guid.NewGuid().ToString("N") + "-value";
        using var client = Confluent();

        var v1 = await client.RegisterSchemaAsync(subject, new Schema(V1, SchemaType.Protobuf));
        var v2 = await client.RegisterSchemaAsync(subject, new Schema(V2AddsAField, SchemaType.Protobuf));
        var latest = await client.GetLatestSchemaAsync(subject);
        var looked = await client.LookupSchemaAsync(subject, new Schema(V1, SchemaType.Protobuf), ignoreDeletedSchemas: true);

        Assert.NotEqual(v1, v2);
        Assert.Equal((2, v2), (latest.Version, latest.Id));
        Assert.Equal((1, v1), (looked.Version, looked.Id));
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync(subject));
        Assert.Equal(Compatibility.Backward, await client.GetCompatibilityAsync());
        Assert.True(await client.IsCompatibleAsync(subject, new Schema(V2AddsAField + "\n// same fields", SchemaType.Protobuf)));
        Assert.False(await client.IsCompatibleAsync(subject, new Schema(ChangedType, SchemaType.Protobuf)));

        var refused = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            client.RegisterSchemaAsync(subject, new Schema(ChangedType, SchemaType.Protobuf)));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);

        Assert.Equal(Compatibility.None, await client.UpdateCompatibilityAsync(Compatibility.None, subject));
        Assert.Equal(Compatibility.None, await client.GetCompatibilityAsync(subject));
        var accepted = await client.RegisterSchemaAsync(subject, new Schema(ChangedType, SchemaType.Protobuf));
        // (GetLatestSchemaAsync is cached by the client: ask for the versions and look the new one up instead.)
        Assert.Equal([1, 2, 3], await client.GetSubjectVersionsAsync(subject));
        var third = await client.LookupSchemaAsync(subject, new Schema(ChangedType, SchemaType.Protobuf), ignoreDeletedSchemas: true);
        Assert.Equal((3, accepted), (third.Version, third.Id));
    }

    [Theory]
    [InlineData(ChangedType, "FIELD_SCALAR_KIND_CHANGED")]
    [InlineData("syntax = \"proto3\"; message A { string x = 1; }", "FIELD_REMOVED")]
    [InlineData("syntax = \"proto3\"; message A { string x = 1; repeated int64 y = 2; }", "FIELD_LABEL_CHANGED")]
    [InlineData("syntax = \"proto3\"; message A { string x = 1; B y = 2; } message B { }", "FIELD_KIND_CHANGED")]
    [InlineData("syntax = \"proto3\"; message B { string x = 1; }", "MESSAGE_REMOVED")]
    public async Task A_version_that_breaks_backward_compatibility_is_refused_with_409_and_Confluent_s_error_body(string next, string errorType)
    {
        var subject = "compat-" + Guid.NewGuid().ToString("N") + "-value";
        using var http = Http();
        Assert.Equal(HttpStatusCode.OK, (await Register(http, subject, V2AddsAField)).StatusCode);

        using var response = await Register(http, subject, next);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, body.GetProperty("error_code").GetInt32());
        Assert.Contains("incompatible with an earlier schema", body.GetProperty("message").GetString());
        Assert.Contains(errorType, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_field_removed_with_its_number_reserved_is_a_compatible_version()
    {
        var subject = "reserved-" + Guid.NewGuid().ToString("N") + "-value";
        using var http = Http();
        await Register(http, subject, V2AddsAField);

        using var response = await Register(http, subject, "syntax = \"proto3\"; message A { string x = 1; reserved 2; reserved \"y\"; }");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ids_name_their_subjects_and_versions_and_unknown_routes_answer_Confluent_s_error_shape()
    {
        var text = V1 + "\n// ids-" + Guid.NewGuid().ToString("N");
        using var http = Http();
        var first = "ids-a-" + Guid.NewGuid().ToString("N");
        var second = "ids-b-" + Guid.NewGuid().ToString("N");
        var id = (await (await Register(http, first, text)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await Register(http, second, text);

        var versions = await http.GetFromJsonAsync<JsonElement>($"schemas/ids/{id}/versions");
        var topicAssociations = await http.GetAsync("associations/resources/-/telemetry.gps.v1?resourceType=topic&associationType=value");
        var unknown = await http.GetAsync("contexts/.other/mode");
        var subjectConfig = await http.GetAsync($"config/{first}");
        var badLevel = await http.PutAsync($"config/{first}", JsonContent.Create(new { compatibility = "SIDEWAYS" }));
        var badSchema = await Register(http, first, "message {");

        Assert.Equal(
            [(first, 1), (second, 1)],
            versions.EnumerateArray().Select(v => (v.GetProperty("subject").GetString(), v.GetProperty("version").GetInt32()))
                .OrderBy(v => v.Item1 == second));
        await AssertError(topicAssociations, HttpStatusCode.NotFound, 40401);
        await AssertError(unknown, HttpStatusCode.NotFound, 404);
        await AssertError(subjectConfig, HttpStatusCode.NotFound, 40408);
        await AssertError(badLevel, HttpStatusCode.UnprocessableEntity, 42203);
        await AssertError(badSchema, HttpStatusCode.UnprocessableEntity, 42201);
        Assert.Equal("BACKWARD", (await http.GetFromJsonAsync<JsonElement>("config")).GetProperty("compatibilityLevel").GetString());
    }

    private const string V1 = "syntax = \"proto3\"; message A { string x = 1; }";
    private const string V2AddsAField = "syntax = \"proto3\"; message A { string x = 1; int64 y = 2; }";
    private const string ChangedType = "syntax = \"proto3\"; message A { string x = 1; string y = 2; }";

    private HttpClient Http() => new() { BaseAddress = new Uri(Platform.SchemaRegistryUrl.TrimEnd('/') + "/") };

    private static Task<HttpResponseMessage> Register(HttpClient http, string subject, string schema) =>
        http.PostAsync($"subjects/{subject}/versions", JsonContent.Create(new { schema, schemaType = "PROTOBUF" }));

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, int errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(errorCode, body.GetProperty("error_code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
    }
}
