using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>
/// <c>POST /v1/activities/{id}/events</c>: <c>{"type": "pause"|"resume"|"stop", "at": RFC 3339}</c>. Both fields are
/// optional to the binder so that a missing one is a 400 naming it.
/// </summary>
public sealed record ActivityEventRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("at")] string? At);
