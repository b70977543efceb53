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

/// <summary>
/// 202 of POST /v1/uploads: the upload (poll <c>GET /v1/uploads/{upload_id}</c>) and the activity the file became, or,
/// for a duplicate, the activity the same file became before (<c>accepted</c> 0).
/// </summary>
public sealed record UploadAcceptedResponse(
    [property: JsonPropertyName("upload_id")] string UploadId,
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("sport")] string Sport,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("status")] string Status);

/// <summary>GET /v1/uploads/{id}: processing, ready, duplicate or error, with the reason of the last two.</summary>
public sealed record UploadStatusResponse(
    [property: JsonPropertyName("upload_id")] string UploadId,
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("external_id")] string? ExternalId);
