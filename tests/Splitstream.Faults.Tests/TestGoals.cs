using Splitstream.Geo;
using Splitstream.Schemas;
using Splitstream.Store;

namespace Splitstream.Faults.Tests;

/// <summary>
/// The goals the input's athletes set before their activities (DESIGN §10), so every run also produces goal progress
/// and achievements to compare: per athlete and sport a weekly distance goal that a full activity reaches (1.5 km), a
/// yearly one it doesn't (50 km), a weekly frequency goal of one activity and a yearly moving-time goal of 5 minutes
/// (one goal per kind, sport and period: the id is derived from them). Created at the
/// input's start, so the week and year the activities fall in are never history to them.
/// </summary>
internal static class TestGoals
{
    public static IReadOnlyList<Goal> All { get; } = TestInput.Scenario.Activities
        .Select(a => (a.Spec.UserId, Sport: a.Spec.Sport.ToWireName()))
        .Distinct()
        .SelectMany(a => new[]
        {
            new Goal(a.UserId, a.Sport, GoalPeriods.Week, 1_500, Goal.DistanceKind, CreatedAtMs: TestInput.Scenario.StartMs),
            new Goal(a.UserId, a.Sport, GoalPeriods.Year, 50_000, Goal.DistanceKind, CreatedAtMs: TestInput.Scenario.StartMs),
            new Goal(a.UserId, a.Sport, GoalPeriods.Week, 0, Goal.FrequencyKind, TargetCount: 1, CreatedAtMs: TestInput.Scenario.StartMs),
            new Goal(a.UserId, a.Sport, GoalPeriods.Year, 0, Goal.DurationKind, CreatedAtMs: TestInput.Scenario.StartMs, TargetDurationS: 300),
        })
        .ToList();

    /// <summary>The goal periods the input's activities fall in (its week and year).</summary>
    public static IReadOnlyList<string> PeriodKeys { get; } =
        [GoalPeriods.KeyOf(GoalPeriods.Week, TestInput.Scenario.StartMs), GoalPeriods.KeyOf(GoalPeriods.Year, TestInput.Scenario.StartMs)];
}
