namespace Splitstream.Fit;

/// <summary>One device lap (<c>lap</c>, global 19): start, end (its timestamp), timer and elapsed time, distance, heart rate.</summary>
public sealed record FitLap(
    int Index,
    long StartTimeMs,
    long EndTimeMs,
    double? TotalElapsedTimeS,
    double? TotalTimerTimeS,
    double? TotalDistanceM,
    int? AvgHeartRate,
    int? MaxHeartRate);
