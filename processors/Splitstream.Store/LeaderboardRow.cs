namespace Splitstream.Store;

/// <summary>
/// One entry of a stored board as a given viewer may see it: <see cref="Identified"/> is true when the entry is the
/// viewer, a friend of the viewer, or a user who shares their activities publicly.
/// </summary>
public sealed record LeaderboardRow(int Rank, string UserId, string DisplayName, double DistanceM, int Activities, bool Identified);
