namespace Splitstream.Store;

/// <summary>
/// A goal of one user for one sport per period (<c>week</c> or <c>year</c>): a distance in metres (kind
/// <c>distance</c>), a number of activities (kind <c>frequency</c>, <see cref="TargetCount"/>), moving time (<c>duration</c>)
/// or strength volume (<c>volume</c>). One goal per kind,
/// sport and period, so its id is derived: <c>&lt;kind&gt;:&lt;sport&gt;:&lt;period&gt;</c>.
/// </summary>
public sealed record Goal(string UserId, string Sport, string Period, double TargetDistanceM, string Kind = Goal.DistanceKind, int TargetCount = 0,
    long CreatedAtMs = 0, double TargetDurationS = 0, double TargetVolumeKg = 0)
{
    public const string DistanceKind = "distance";
    public const string FrequencyKind = "frequency";
    /// <summary>Seconds of moving time per period (<see cref="TargetDurationS"/>).</summary>
    public const string DurationKind = "duration";
    /// <summary>Kg lifted, reps × weight, per period (<see cref="TargetVolumeKg"/>; strength sessions).</summary>
    public const string VolumeKind = "volume";

    /// <summary>The target in the kind's unit: metres, activities, seconds or kg.</summary>
    public double Target => Kind switch
    {
        DistanceKind => TargetDistanceM,
        DurationKind => TargetDurationS,
        VolumeKind => TargetVolumeKg,
        _ => TargetCount,
    };

    public string GoalId => IdOf(Kind, Sport, Period);

    public static string IdOf(string kind, string sport, string period) => $"{kind}:{sport}:{period}";
}
