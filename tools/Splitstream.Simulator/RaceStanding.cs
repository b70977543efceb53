namespace Splitstream.Simulator;

/// <summary>A racer's place in the true ranking: finishers by time, then the others by distance covered.</summary>
public sealed record RaceStanding(int Rank, string ActivityId, string UserId, bool Finished, double? FinishTimeS, double TrueDistanceM);
