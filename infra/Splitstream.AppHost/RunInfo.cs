using System.Text.Json.Serialization;

namespace Splitstream.AppHost;

/// <summary>
/// The contents of <c>.data/run.json</c> (DESIGN §1): how tools and tests find a running `make run`. Beyond DESIGN's four
/// fields, <c>embedded_control_url</c> is where tools in other processes create topics on the embedded cluster (it has
/// no CreateTopics API; see <c>Kafka:EmbeddedControlUrl</c>); empty when `make run` uses a real cluster.
/// </summary>
public sealed record RunInfo(
    [property: JsonPropertyName("kafka_bootstrap")] string KafkaBootstrap,
    [property: JsonPropertyName("ingest_url")] string IngestUrl,
    [property: JsonPropertyName("query_url")] string QueryUrl,
    [property: JsonPropertyName("schema_registry_url")] string SchemaRegistryUrl,
    [property: JsonPropertyName("embedded_control_url")] string EmbeddedControlUrl = "");
