namespace Splitstream.Simulator;

/// <summary>The played-out activity: the true path at 1 Hz, what the GPS and the heart-rate sensor reported, and when.</summary>
/// <param name="Truth">The noise-free path, one point per second from start to end (pauses included).</param>
/// <param name="Gps">Noisy GPS fixes at 1 Hz, none inside an explicit pause.</param>
/// <param name="HeartRate">Heart-rate-only readings on the sensor's own clock, none inside an explicit pause.</param>
/// <param name="Pause">The explicit pause (pause event at its start, resume at its end), if any.</param>
/// <param name="Offline">The offline stretch, if any.</param>
/// <param name="EndMs">Time of the last sample and of the stop event.</param>
/// <param name="FinishedCourse">Whether a racer reached the end of their way: the finish line for one who kept to the course (false for free activities and cut-off racers; see <see cref="GroundTruth.FinishedRace"/>).</param>
/// <remarks>A racer runs on past the line (<see cref="TrackSimulator.RunOutS"/>): <see cref="FinishMs"/> is the crossing, <c>EndMs</c> the stop.</remarks>
public sealed record ActivityTrack(
    IReadOnlyList<TruthPoint> Truth,
    IReadOnlyList<WireSample> Gps,
    IReadOnlyList<WireSample> HeartRate,
    TimeWindow? Pause,
    TimeWindow? Offline,
    long StartMs,
    long EndMs,
    bool FinishedCourse)
{
    /// <summary>Event time of the finish-line crossing (exact: speed is constant within a second); 0 without one.</summary>
    public long FinishMs { get; init; }
}
