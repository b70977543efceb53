using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>201/200 of POST /v1/activities.</summary>
public sealed record ActivityStartedResponse(
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("status")] string Status);

/// <summary>202 of POST /v1/activities/{id}/events.</summary>
public sealed record ActivityEventAcceptedResponse(
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("type")] string Type);

/// <summary>202 of POST /v1/activities/{id}/samples: how many samples Kafka acknowledged.</summary>
public sealed record SamplesAcceptedResponse([property: JsonPropertyName("accepted")] int Accepted);

/// <summary>202 of POST /v1/uploads: the activity the file became.</summary>
public sealed record UploadAcceptedResponse(
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("sport")] string Sport,
    [property: JsonPropertyName("accepted")] int Accepted);
