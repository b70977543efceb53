namespace Splitstream.Processors.Goals;

/// <summary>What a goal counts: metres (<c>distance</c>) or activities (<c>frequency</c>, e.g. 3 runs a week).</summary>
public static class GoalKinds
{
    public const string Distance = "distance";
    public const string Frequency = "frequency";

    public static bool IsValid(string? kind) => kind is Distance or Frequency;

    /// <summary>Goal ids are deterministic: one goal per kind, sport and period for each user.</summary>
    public static string GoalId(string kind, string sport, string period) => $"{kind}:{sport}:{period}";
}
