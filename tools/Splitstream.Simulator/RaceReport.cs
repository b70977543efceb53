namespace Splitstream.Simulator;

/// <summary>A race and its ground-truth ranking.</summary>
public sealed record RaceReport(string RaceId, double CourseLengthM, string StartedAt, IReadOnlyList<RaceStanding> Ranking);
