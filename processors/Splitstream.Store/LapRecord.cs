namespace Splitstream.Store;

/// <summary>One device lap of an uploaded activity.</summary>
public sealed record LapRecord(
    int Index, long StartMs, long EndMs, double? ElapsedTimeS, double? TimerTimeS, double? DistanceM, int? AvgHeartRate, int? MaxHeartRate);
