using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>
/// <c>POST /v1/activities</c>: <c>{"activity_id", "sport", "started_at", "race_id"?, "country"?}</c>. Every field is
/// optional to the binder so that a missing one is a 400 naming it, not a binding failure; <see cref="IngestApi"/>
/// says which are required and what each must look like.
/// </summary>
public sealed record StartActivityRequest(
    [property: JsonPropertyName("activity_id")] string? ActivityId,
    [property: JsonPropertyName("sport")] string? Sport,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("race_id")] string? RaceId,
    [property: JsonPropertyName("country")] string? Country);
