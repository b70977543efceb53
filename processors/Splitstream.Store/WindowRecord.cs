namespace Splitstream.Store;

/// <summary>Metrics of one 1-minute window of one activity, keyed by (activity id, window start).</summary>
public sealed record WindowRecord(
    string ActivityId, long WindowStartMs, long WindowEndMs, double DistanceM, double MovingTimeS, double PaceSPerKm, double? HrAvg, int Samples);
