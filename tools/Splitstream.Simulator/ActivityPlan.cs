namespace Splitstream.Simulator;

/// <summary>One device's activity, fully decided: its spec, its played-out track, its ground truth and its request script.</summary>
public sealed record ActivityPlan(ActivitySpec Spec, ActivityTrack Track, double TrueDistanceM, double TrueMovingTimeS, IReadOnlyList<PlannedSend> Sends);
