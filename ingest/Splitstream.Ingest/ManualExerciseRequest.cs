using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>One exercise of a strength session: <c>{"name": "squat", "sets": [{"reps": 5, "weight_kg": 100}]}</c>.</summary>
public sealed record ManualExerciseRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("sets")] IReadOnlyList<ManualSetRequest>? Sets);
