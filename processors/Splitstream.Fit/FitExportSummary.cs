namespace Splitstream.Fit;

/// <summary>The activity-level figures an exported FIT file carries in its lap, session and activity messages.</summary>
public sealed record FitExportSummary(string Sport, long StartMs, long EndMs, double TimerTimeS, double DistanceM);
