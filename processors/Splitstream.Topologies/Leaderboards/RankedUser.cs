namespace Splitstream.Processors.Leaderboards;

/// <summary>One user's total on one board: the sum of their activities, how many, and when they reached it.</summary>
internal readonly record struct RankedUser(string UserId, double DistanceM, int Activities, long ReachedAtMs)
{
    /// <summary>Board order: distance descending, then the earlier reaching time, then user id (ordinal); never 0 for two users.</summary>
    public static IComparer<RankedUser> BoardOrder { get; } = Comparer<RankedUser>.Create((a, b) =>
    {
        var byDistance = b.DistanceM.CompareTo(a.DistanceM);
        if (byDistance != 0)
        {
            return byDistance;
        }
        var byTime = a.ReachedAtMs.CompareTo(b.ReachedAtMs);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.UserId, b.UserId);
    });
}
