using System.Text.Json.Serialization;

namespace Splitstream.AppHost;

/// <summary>The contents of <c>.data/run.json</c> (DESIGN §1): how tools and tests find a running `make run`.</summary>
public sealed record RunInfo(
    [property: JsonPropertyName("kafka_bootstrap")] string KafkaBootstrap,
    [property: JsonPropertyName("ingest_url")] string IngestUrl,
    [property: JsonPropertyName("query_url")] string QueryUrl,
    [property: JsonPropertyName("schema_registry_url")] string SchemaRegistryUrl);
