namespace Splitstream.Processors.Goals;

/// <summary>
/// What a goal counts per period: metres (<c>distance</c>), activities (<c>frequency</c>, e.g. 3 runs a week), seconds of
/// moving time (<c>duration</c>) or kg lifted, reps × weight (<c>volume</c>, strength sessions).
/// </summary>
public static class GoalKinds
{
    public const string Distance = "distance";
    public const string Frequency = "frequency";
    public const string Duration = "duration";
    public const string Volume = "volume";

    public static bool IsValid(string? kind) => kind is Distance or Frequency or Duration or Volume;

    /// <summary>Goal ids are deterministic: one goal per kind, sport and period for each user.</summary>
    public static string GoalId(string kind, string sport, string period) => $"{kind}:{sport}:{period}";
}
