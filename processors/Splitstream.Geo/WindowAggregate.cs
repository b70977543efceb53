namespace Splitstream.Geo;

/// <summary>Metrics of one tumbling window (DESIGN.md §2 <c>activity.metrics.v1</c>).</summary>
/// <param name="WindowStartMs">Window start, epoch ms, aligned to the window size.</param>
/// <param name="DistanceM">Moving distance inside the window (intervals crossing a boundary are split pro rata).</param>
/// <param name="MovingTimeS">Moving time inside the window, seconds.</param>
/// <param name="AvgPaceSPerKm">Moving time per km, or null when no distance was covered.</param>
/// <param name="AvgHr">Mean of the joined heart rates of samples in the window, or null when none had one.</param>
/// <param name="SampleCount">Accepted GPS samples whose time falls in the window.</param>
public readonly record struct WindowAggregate(
    long WindowStartMs, double DistanceM, double MovingTimeS, double? AvgPaceSPerKm, double? AvgHr, int SampleCount);
