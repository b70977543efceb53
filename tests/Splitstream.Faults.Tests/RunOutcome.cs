namespace Splitstream.Faults.Tests;

/// <summary>
/// What one run of <see cref="TestInput"/> left behind: the gateway's answers, the stored points and activities, and
/// what the pipeline derived from those activities (<see cref="Pipeline.ReadResultsAsync"/>: boards, goal progress, the
/// race's racers and standings; "kind id" → text, absent ones null).
/// </summary>
internal sealed record RunOutcome(
    AckLedger Ledger,
    IReadOnlyDictionary<string, StoredTimes> Points,
    IReadOnlyDictionary<string, ActivityOutcome?> Activities,
    IReadOnlyDictionary<string, string?> Results)
{
    /// <summary>The keys of <paramref name="reference"/>'s activities and results that this run doesn't have exactly.</summary>
    public IReadOnlyList<string> DifferencesFrom(RunOutcome reference) =>
        reference.Activities.Where(r => !Equals(r.Value, Activities.GetValueOrDefault(r.Key))).Select(r => "activity " + r.Key)
            .Concat(reference.Results.Where(r => r.Value != Results.GetValueOrDefault(r.Key)).Select(r => r.Key))
            .Concat(Results.Keys.Except(reference.Results.Keys))
            .ToList();

    /// <summary>How many results of each kind (the first word of the key), e.g. "4 boards, 36 goal periods, 1 race's racers and standings".</summary>
    public string DescribeResults()
    {
        var kinds = Results.Keys.GroupBy(k => k[..k.IndexOf(' ', StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.Count());
        return $"{kinds.GetValueOrDefault("board")} boards, {kinds.GetValueOrDefault("goal")} goal periods, " +
            $"{kinds.GetValueOrDefault("standings")} race's racers and standings";
    }
}
