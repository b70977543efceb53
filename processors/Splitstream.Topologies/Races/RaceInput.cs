using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>Either input of the standings processor, both keyed by race id: a racer's summary, or the race's definition.</summary>
internal sealed record RaceInput(ActivitySummary? Summary, RaceDefinition? Definition);
