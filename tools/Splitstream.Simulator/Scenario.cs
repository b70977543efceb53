namespace Splitstream.Simulator;

/// <summary>A whole simulation, decided up front: the simulated clock's start, the race (if any) and every activity.</summary>
public sealed record Scenario(long StartMs, string? RaceId, double? RaceDistanceM, IReadOnlyList<ActivityPlan> Activities)
{
    /// <summary>The race course (racers who cut a corner or leave it run ways of their own).</summary>
    public Route? RaceCourse { get; init; }

    public IEnumerable<ActivityPlan> Racers => Activities.Where(a => a.Spec.RaceId is not null);

    /// <summary>When the last request is due, on the simulated clock.</summary>
    public long EndMs => Activities.Max(a => a.Sends[^1].DueMs);
}
