namespace Splitstream.Store;

/// <summary>All goals of one user at one revision; the revision grows with every change, so the stream keeps the newest set.</summary>
public sealed record GoalSet(string UserId, long Revision, IReadOnlyList<Goal> Goals);
