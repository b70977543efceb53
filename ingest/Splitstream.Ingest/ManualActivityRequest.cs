using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>
/// <c>POST /v1/activities/manual</c> (DESIGN §10): a workout logged by hand. Every field is optional to the binder so that
/// a missing one is a 400 naming it, not a binding failure; <see cref="ManualActivitiesApi"/> says which are required.
/// </summary>
public sealed record ManualActivityRequest(
    [property: JsonPropertyName("activity_id")] string? ActivityId,
    [property: JsonPropertyName("sport")] string? Sport,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("duration_s")] double? DurationS,
    [property: JsonPropertyName("distance_m")] double? DistanceM,
    [property: JsonPropertyName("notes")] string? Notes,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("exercises")] IReadOnlyList<ManualExerciseRequest>? Exercises);
