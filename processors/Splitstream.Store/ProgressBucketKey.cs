namespace Splitstream.Store;

/// <summary>One progress bucket: an athlete's sport in one week or month (<see cref="ProgressPeriods"/>).</summary>
internal readonly record struct ProgressBucketKey(string User, string Sport, string Period, string Key, long StartMs);
