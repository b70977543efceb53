namespace Splitstream.Simulator;

/// <summary>How a generated route returns to its start.</summary>
public enum RouteShape
{
    /// <summary>A closed, smoothly turning loop (a perturbed circle): the race course and some free activities.</summary>
    Loop,

    /// <summary>A meandering outbound leg and the same path back, turning at a cone.</summary>
    OutAndBack,

    /// <summary>From a start to a finish elsewhere: a course read from a recorded track, or a racer's own way along one.</summary>
    PointToPoint,
}
