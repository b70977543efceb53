using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>201/200 of <c>POST /v1/activities/manual</c>: the activity, already finished.</summary>
public sealed record ManualActivityResponse(
    [property: JsonPropertyName("activity_id")] string ActivityId,
    [property: JsonPropertyName("sport")] string Sport,
    [property: JsonPropertyName("status")] string Status);
