namespace Splitstream.Store.Tests;

/// <summary>Compares activity records by value, including the summary bytes (records compare arrays by reference).</summary>
internal sealed class ActivityRecordComparer : IEqualityComparer<ActivityRecord>
{
    public static readonly ActivityRecordComparer Instance = new();

    public bool Equals(ActivityRecord? x, ActivityRecord? y) =>
        x is not null && y is not null
        && x with { Summary = null } == y with { Summary = null }
        && (x.Summary ?? []).AsSpan().SequenceEqual(y.Summary ?? []);

    public int GetHashCode(ActivityRecord obj) => obj.ActivityId.GetHashCode(StringComparison.Ordinal);
}
