namespace Splitstream.Simulator;

/// <summary>A racer's place in the true ranking: finishers by time, then the others by the course distance they are credited with.</summary>
public sealed record RaceStanding(int Rank, string ActivityId, string UserId, bool Finished, double? FinishTimeS, double TrueDistanceM)
{
    /// <summary>Course distance the standings must credit (<see cref="GroundTruth.CourseDistanceM"/>).</summary>
    public double CourseDistanceM { get; init; }

    /// <summary>The racer's <see cref="RacerBehaviour"/>.</summary>
    public string Behaviour { get; init; } = nameof(RacerBehaviour.OnCourse);

    /// <summary>Course distance of the corner cut or of leaving the course (0 on the course).</summary>
    public double DeviationAtM { get; init; }

    /// <summary>Metres the corner cut saved, or how far out from the course the racer went (0 on the course).</summary>
    public double DeviationM { get; init; }
}
