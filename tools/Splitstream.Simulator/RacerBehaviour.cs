namespace Splitstream.Simulator;

/// <summary>How a racer keeps to the course: the ground truth the standings' course rules are checked against.</summary>
public enum RacerBehaviour
{
    /// <summary>Runs the whole course and through the finish line.</summary>
    OnCourse,

    /// <summary>
    /// Cuts a corner: leaves the course at one vertex and goes straight to a vertex further on, skipping the stretch
    /// between (<see cref="ActivitySpec.DeviationM"/> metres saved), then runs on to the finish line. A short cut finishes
    /// nothing: the racer has not run the course, and along-course distance never credits the skipped metres.
    /// </summary>
    CutsCorner,

    /// <summary>
    /// Leaves the course (<see cref="ActivitySpec.DeviationAtM"/> along it) straight away from it for
    /// <see cref="ActivitySpec.DeviationM"/> metres and stops out there: more than 100 m off for well over 30 s.
    /// </summary>
    LeavesCourse,
}
