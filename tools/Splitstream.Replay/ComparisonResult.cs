namespace Splitstream.Replay;

/// <summary>Two topics compared by their latest value per key (compacted-topic semantics; tombstones delete).</summary>
public sealed record ComparisonResult(
    string Left,
    string Right,
    int LeftKeys,
    int RightKeys,
    int Identical,
    IReadOnlyList<string> OnlyLeft,
    IReadOnlyList<string> OnlyRight,
    IReadOnlyList<FieldDifference> Differences)
{
    public bool Same => OnlyLeft.Count == 0 && OnlyRight.Count == 0 && Differences.Count == 0;

    public int DifferingKeys => Differences.Select(d => d.Key).Distinct().Count();
}
