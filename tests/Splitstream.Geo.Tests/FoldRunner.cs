namespace Splitstream.Geo.Tests;

/// <summary>Feeds samples to a fresh <see cref="ActivityFold"/> as the stream processor would.</summary>
internal static class FoldRunner
{
    public static ActivityMetrics Fold(IEnumerable<TrackSample> samples, Sport sport = Sport.Run,
        ActivityMetricsOptions? options = null, Func<TrackSample, int?>? heartRate = null,
        Func<TrackSample, bool>? inExplicitPause = null)
    {
        var fold = new ActivityFold(sport, options ?? ActivityMetricsOptions.Default);
        foreach (var s in samples) fold.Add(s, heartRate?.Invoke(s), inExplicitPause?.Invoke(s) ?? false);
        return fold.Snapshot();
    }
}
