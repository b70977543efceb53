using Splitstream.Schemas;

namespace Splitstream.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class SchemaRegistryTests(PlatformFixture fixture)
{
    private const string SchemaA = "syntax = \"proto3\"; message A { string x = 1; }";
    private const string SchemaA2 = "syntax = \"proto3\"; message A { string x = 1; int64 y = 2; }";
    private const string SchemaB = "syntax = \"proto3\"; message B { int64 y = 1; }";

    private HttpSchemaRegistry Client() =>
        new(new HttpClient { BaseAddress = new Uri(fixture.Platform.SchemaRegistryUrl.TrimEnd('/') + "/") });

    [Fact]
    public async Task The_REST_API_registers_and_looks_up_schemas_as_Confluent_does()
    {
        var subject = "rest-" + Guid.NewGuid().ToString("N") + "-value";
        var client = Client();

        var idA = await client.RegisterAsync(subject, SchemaA + "// " + subject);
        var again = await client.RegisterAsync(subject, SchemaA + "// " + subject);
        var idB = await client.RegisterAsync(subject, SchemaA2 + "// " + subject);

        Assert.Equal(idA, again);
        Assert.NotEqual(idA, idB);
        Assert.Equal(SchemaA + "// " + subject, (await client.GetByIdAsync(idA)).Schema);
        Assert.Equal("PROTOBUF", (await client.GetByIdAsync(idA)).SchemaType);
        Assert.Contains(subject, await client.GetSubjectsAsync());
        Assert.Equal([1, 2], await client.GetVersionsAsync(subject));
        var latest = await client.GetVersionAsync(subject, -1);
        Assert.Equal((2, idB), (latest.Version, latest.Id));
    }

    [Fact]
    public async Task Unknown_ids_subjects_and_versions_answer_the_registry_error_codes()
    {
        var client = Client();

        Assert.Equal(40403, (await Assert.ThrowsAsync<SchemaNotFoundException>(() => client.GetByIdAsync(999_999))).ErrorCode);
        Assert.Equal(40401, (await Assert.ThrowsAsync<SchemaNotFoundException>(() => client.GetVersionsAsync("no-such-subject"))).ErrorCode);
        var subject = "ver-" + Guid.NewGuid().ToString("N");
        await client.RegisterAsync(subject, SchemaA + "// " + subject);
        Assert.Equal(40402, (await Assert.ThrowsAsync<SchemaNotFoundException>(() => client.GetVersionAsync(subject, 5))).ErrorCode);
    }

    [Fact]
    public async Task A_registry_restarted_while_the_cluster_lives_finds_every_id_it_handed_out()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1, TopicCatalog.All(1).Where(t => t.Name == Topics.Schemas));
        int idA, idB;
        using (var first = await KafkaSchemaRegistry.OpenAsync(cluster.BootstrapServers))
        {
            idA = await first.RegisterAsync("s-value", SchemaA);
            idB = await first.RegisterAsync("t-value", SchemaB);
            await first.SetCompatibilityAsync("t-value", "NONE");
        }

        using var restarted = await KafkaSchemaRegistry.OpenAsync(cluster.BootstrapServers);

        Assert.Equal(SchemaA, (await restarted.GetByIdAsync(idA)).Schema);
        Assert.Equal(idB, await restarted.RegisterAsync("t-value", SchemaB));
        Assert.Equal(["s-value", "t-value"], await restarted.GetSubjectsAsync());
        var fresh = await restarted.RegisterAsync("s-value", SchemaA2);
        Assert.True(fresh > Math.Max(idA, idB), "a restarted registry never reuses an id");
        // The compatibility level is kept in _schemas too.
        Assert.Equal("NONE", await restarted.GetCompatibilityAsync("t-value", defaultToGlobal: false));
    }
}
