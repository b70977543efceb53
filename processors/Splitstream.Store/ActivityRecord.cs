using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>
/// An activity as the store knows it: ownership and lifecycle from activity.events.v1 (so an activity is known before
/// its first summary), figures and the summary from activity.summary.v1.
/// </summary>
/// <param name="Summary">The stored summary's Protobuf bytes, without its polyline since migration 14 (<see cref="Polyline"/>).</param>
/// <param name="Polyline">
/// The polyline kept apart from the summary (SqlStore.Polylines), read only with one activity; null when not read, when
/// empty, or for a summary stored before migration 14 (its blob still holds it).
/// </param>
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
    string? ETag,
    string? Polyline = null)
{
    /// <summary>An activity is public when marked so, or when unmarked and its owner shares activities publicly.</summary>
    public bool EffectivelyPublic => IsPublic ?? OwnerPublic;

    /// <summary>The summary as it was upserted, polyline included (when read with the activity), or null before the first summary.</summary>
    public ActivitySummary? ReadSummary()
    {
        if (Summary is null)
        {
            return null;
        }
        var summary = ActivitySummary.Parser.ParseFrom(Summary);
        if (Polyline is not null)
        {
            summary.Polyline = Polyline;
        }
        return summary;
    }
}
