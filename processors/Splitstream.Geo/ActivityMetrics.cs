namespace Splitstream.Geo;

/// <summary>
/// Immutable result of folding an activity's samples (the fields of DESIGN.md §5 <c>GET /v1/activities/{id}</c>).
/// </summary>
public sealed record ActivityMetrics
{
    /// <summary>
    /// Distance in metres along the smoothed track. Excludes explicit pauses; includes auto-paused stretches (auto-pause
    /// changes moving time only, DESIGN.md §4).
    /// </summary>
    public required double DistanceM { get; init; }

    public required double MovingTimeS { get; init; }

    /// <summary>Last minus first accepted sample time; includes pauses (as Strava's elapsed time does).</summary>
    public required double ElapsedTimeS { get; init; }

    /// <summary>Moving time per km; null when no distance was covered.</summary>
    public required double? AvgPaceSPerKm { get; init; }

    /// <summary>Moving distance over moving time; 0 when there is no moving time.</summary>
    public required double AvgSpeedMps { get; init; }

    /// <summary>Highest speed over any 5 s span of moving, smoothed track.</summary>
    public required double MaxSpeedMps { get; init; }

    public required double ElevationGainM { get; init; }

    public required double? HrAvg { get; init; }

    public required int? HrMax { get; init; }

    /// <summary>Accepted (non-outlier) GPS samples.</summary>
    public required int PointsCount { get; init; }

    public required int OutliersRejected { get; init; }

    /// <summary>Google encoded polyline (precision 5) of the smoothed track the distance was measured on.</summary>
    public required string Polyline { get; init; }

    public required IReadOnlyList<Split> Splits { get; init; }

    public required IReadOnlyList<WindowAggregate> Windows { get; init; }

    /// <summary>
    /// Fastest elapsed time over each of the sport's standard distances covered (<see cref="BestEffortDistance.For"/>),
    /// measured on the same track and distance as <see cref="DistanceM"/>; shortest distance first.
    /// </summary>
    public required IReadOnlyList<BestEffort> BestEfforts { get; init; }

    /// <summary>Time of the first accepted sample, or null when none was accepted.</summary>
    public required long? FirstTimeMs { get; init; }

    public required long? LastTimeMs { get; init; }

    /// <summary>
    /// The newest accepted samples as the device sent them (outliers left out), oldest first, the last one at
    /// <see cref="LastTimeMs"/>; as many as the fold was asked to keep (none by default). The race standings advance
    /// through each, so a crossing of the finish line is timed between the two samples either side of it.
    /// </summary>
    public IReadOnlyList<TrackSample> RecentAccepted { get; init; } = [];
}
