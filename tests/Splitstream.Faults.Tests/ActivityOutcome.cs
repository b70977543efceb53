using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Faults.Tests;

/// <summary>
/// An activity as the store holds it at the end of a run, in a form with value equality: lifecycle (from the events),
/// figures and the full summary (from activity.summary.v1, as Protobuf JSON). Two runs of the same input must agree.
/// </summary>
internal sealed record ActivityOutcome(
    string UserId, string Sport, string Status, long StartedAtMs, string RaceId, string Country,
    double DistanceM, double MovingTimeS, double ElapsedTimeS, string? Summary)
{
    public static ActivityOutcome? Of(ActivityRecord? record) => record is null
        ? null
        : new ActivityOutcome(record.UserId, record.Sport, record.Status, record.StartedAtMs, record.RaceId, record.Country,
            record.DistanceM, record.MovingTimeS, record.ElapsedTimeS,
            record.Summary is { } bytes ? ActivitySummary.Parser.ParseFrom(bytes).ToString() : null);
}
