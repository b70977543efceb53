namespace Splitstream.Geo;

/// <summary>Sports of DESIGN.md §3 (<c>run|ride|walk|hike</c>).</summary>
public enum Sport
{
    Run,
    Ride,
    Walk,
    Hike,
}
