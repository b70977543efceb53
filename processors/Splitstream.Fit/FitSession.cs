namespace Splitstream.Fit;

/// <summary>One <c>session</c> (global 18): the sport and the device's totals.</summary>
public sealed record FitSession(
    long StartTimeMs,
    long EndTimeMs,
    int? Sport,
    int? SubSport,
    double? TotalElapsedTimeS,
    double? TotalTimerTimeS,
    double? TotalDistanceM,
    int? AvgHeartRate,
    int? MaxHeartRate);
