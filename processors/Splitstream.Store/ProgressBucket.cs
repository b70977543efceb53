namespace Splitstream.Store;

/// <summary>
/// One period's totals of one user (all sports, or the one asked for), from the precomputed <c>progress_buckets</c>:
/// the period's key (<c>2026-W47</c>, <c>2026-11</c>), its start (epoch ms, UTC) and what the activities started in it add up to.
/// </summary>
public sealed record ProgressBucket(string PeriodKey, long StartMs, int Activities, double DistanceM, double MovingTimeS, double ElevationGainM,
    double VolumeKg);
