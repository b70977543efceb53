namespace Splitstream.Geo;

/// <summary>Tuning of <see cref="ActivityFold"/>. Immutable; build with <see cref="Of"/> or use <see cref="Default"/>.</summary>
public sealed class ActivityMetricsOptions
{
    private ActivityMetricsOptions(DistanceModel distanceModel, bool smoothing, TimeSpan autoPauseAfter,
        TimeSpan heartRateJoinTolerance, TimeSpan windowSize, int smoothingLagSamples,
        double defaultAccuracyM)
    {
        DistanceModel = distanceModel;
        Smoothing = smoothing;
        AutoPauseAfter = autoPauseAfter;
        HeartRateJoinTolerance = heartRateJoinTolerance;
        WindowSize = windowSize;
        SmoothingLagSamples = smoothingLagSamples;
        DefaultAccuracyM = defaultAccuracyM;
    }

    /// <summary>The contract of DESIGN.md §4: geodesic, smoothed, 15 s auto-pause, 2 s HR join, 1-minute windows.</summary>
    public static ActivityMetricsOptions Default { get; } = Of();

    public DistanceModel DistanceModel { get; }

    /// <summary>Kalman + fixed-lag RTS smoothing of GPS noise before distances are measured.</summary>
    public bool Smoothing { get; }

    /// <summary>How long speed must stay below the sport's threshold before the slow stretch counts as paused.</summary>
    public TimeSpan AutoPauseAfter { get; }

    /// <summary>For the caller's <see cref="HeartRateJoin.Nearest"/>: the fold receives HR already joined.</summary>
    public TimeSpan HeartRateJoinTolerance { get; }

    public TimeSpan WindowSize { get; }

    /// <summary>Look-ahead of the fixed-lag smoother: a point is final once this many later samples arrived.</summary>
    public int SmoothingLagSamples { get; }

    /// <summary>Upper bound of the measurement sigma when a sample carries no accuracy.</summary>
    public double DefaultAccuracyM { get; }

    public static ActivityMetricsOptions Of(
        DistanceModel distanceModel = DistanceModel.Geodesic,
        bool smoothing = true,
        TimeSpan? autoPauseAfter = null,
        TimeSpan? heartRateJoinTolerance = null,
        TimeSpan? windowSize = null,
        int smoothingLagSamples = 10,
        double defaultAccuracyM = 5.0)
    {
        var autoPause = autoPauseAfter ?? TimeSpan.FromSeconds(15);
        var hrTolerance = heartRateJoinTolerance ?? TimeSpan.FromSeconds(2);
        var window = windowSize ?? TimeSpan.FromMinutes(1);
        if (!Enum.IsDefined(distanceModel)) throw new ArgumentOutOfRangeException(nameof(distanceModel));
        if (autoPause < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(autoPauseAfter), "Must not be negative.");
        if (hrTolerance < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(heartRateJoinTolerance), "Must not be negative.");
        if (window.TotalMilliseconds < 1) throw new ArgumentOutOfRangeException(nameof(windowSize), "Must be at least 1 ms.");
        if (smoothingLagSamples is < 0 or > 120) throw new ArgumentOutOfRangeException(nameof(smoothingLagSamples), "Must be 0..120.");
        if (!(defaultAccuracyM > 0)) throw new ArgumentOutOfRangeException(nameof(defaultAccuracyM), "Must be positive.");
        return new ActivityMetricsOptions(distanceModel, smoothing, autoPause, hrTolerance, window,
            smoothingLagSamples, defaultAccuracyM);
    }
}
