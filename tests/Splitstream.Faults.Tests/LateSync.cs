using Splitstream.Simulator;

namespace Splitstream.Faults.Tests;

/// <summary>Which batches the late-sync scenario's device holds back: 40-90% of the sample posts of the free activity with the most.</summary>
internal static class LateSync
{
    public static readonly ActivityPlan Activity = TestInput.Scenario.Activities
        .Where(a => a.Spec.RaceId is null).MaxBy(a => a.Sends.Count(s => s.Kind == SendKind.Samples))!;

    private static readonly HashSet<PlannedSend> Withheld = Select();

    public static bool IsWithheld(PlannedSend send) => Withheld.Contains(send);

    private static HashSet<PlannedSend> Select()
    {
        var samples = Activity.Sends.Where(s => s.Kind == SendKind.Samples).ToList();
        return [.. samples.Skip(samples.Count * 4 / 10).Take(samples.Count / 2)];
    }
}
