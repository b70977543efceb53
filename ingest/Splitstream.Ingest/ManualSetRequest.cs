using System.Text.Json.Serialization;

namespace Splitstream.Ingest;

/// <summary>One set: repetitions and the weight moved (0 for body weight).</summary>
public sealed record ManualSetRequest(
    [property: JsonPropertyName("reps")] int? Reps,
    [property: JsonPropertyName("weight_kg")] double? WeightKg);
