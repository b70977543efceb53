namespace Splitstream.Store;

/// <summary>
/// An activity as the store knows it: ownership and lifecycle from activity.events.v1 (so an activity is known before
/// its first summary), figures and the full summary from activity.summary.v1.
/// </summary>
public sealed record ActivityRecord(
    string ActivityId,
    string UserId,
    string Sport,
    string Status,
    long StartedAtMs,
    string RaceId,
    string Country,
    bool? IsPublic,
    bool OwnerPublic,
    double DistanceM,
    double MovingTimeS,
    double ElapsedTimeS,
    byte[]? Summary,
    string? ETag)
{
    /// <summary>An activity is public when marked so, or when unmarked and its owner shares activities publicly.</summary>
    public bool EffectivelyPublic => IsPublic ?? OwnerPublic;
}
