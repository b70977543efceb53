namespace Splitstream.Geo;

/// <summary>The fastest elapsed time an activity covered a standard distance in (DESIGN.md §4 "Best efforts").</summary>
/// <param name="Name">Effort name: <c>400m</c>, <c>1km</c>, <c>1mile</c>, <c>5km</c>, <c>10km</c>, <c>half_marathon</c>, <c>marathon</c>, <c>20km</c>, <c>40km</c>.</param>
/// <param name="DistanceM">The effort's distance in metres.</param>
/// <param name="TimeS">Fastest elapsed time over that distance, seconds.</param>
public readonly record struct BestEffort(string Name, double DistanceM, double TimeS);
