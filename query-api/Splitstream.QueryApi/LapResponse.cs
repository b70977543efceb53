namespace Splitstream.QueryApi;

/// <summary>One device lap: start and end in epoch ms, elapsed and timer seconds, distance, heart rate.</summary>
public sealed record LapResponse(
    int Index, long StartMs, long EndMs, double? ElapsedTimeS, double? TimerTimeS, double? DistanceM, int? AvgHeartRate, int? MaxHeartRate);
