namespace Splitstream.Store;

/// <summary>
/// A goal of one user for one sport per period (<c>week</c> or <c>year</c>): a distance in metres (kind
/// <c>distance</c>) or a number of activities (kind <c>frequency</c>, <see cref="TargetCount"/>). One goal per kind,
/// sport and period, so its id is derived: <c>&lt;kind&gt;:&lt;sport&gt;:&lt;period&gt;</c>.
/// </summary>
public sealed record Goal(string UserId, string Sport, string Period, double TargetDistanceM, string Kind = Goal.DistanceKind, int TargetCount = 0,
    long CreatedAtMs = 0)
{
    public const string DistanceKind = "distance";
    public const string FrequencyKind = "frequency";

    public string GoalId => IdOf(Kind, Sport, Period);

    public static string IdOf(string kind, string sport, string period) => $"{kind}:{sport}:{period}";
}
