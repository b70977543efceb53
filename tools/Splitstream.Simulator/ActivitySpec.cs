using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>Everything decided about one simulated activity before it is played: who, where, how fast, what happens.</summary>
/// <param name="Index">Position in the scenario (0-based); the user is <c>{prefix}{Index + 1}</c>.</param>
/// <param name="StartMs">Activity start, epoch milliseconds of the simulated clock.</param>
/// <param name="BaseSpeedMps">Cruising speed on the flat.</param>
/// <param name="MaxDurationS">The activity stops at the latest after this many seconds.</param>
/// <param name="TargetDistanceM">Length of the racer's way (the course, or their own way off it): they stop on passing its end. Null for free activities.</param>
/// <param name="Stop">A stationary stretch with the device recording (seconds from the start), if any.</param>
/// <param name="Pause">An explicit pause … resume (seconds from the start), if any.</param>
/// <param name="Offline">A stretch without network (seconds from the start): its batches go up in one late burst.</param>
/// <param name="HeartRateOffsetMs">The heart-rate sensor's phase and clock offset against the GPS clock.</param>
public sealed record ActivitySpec(
    int Index,
    Guid ActivityId,
    string UserId,
    Sport Sport,
    string? RaceId,
    string? Country,
    Route Route,
    long StartMs,
    double BaseSpeedMps,
    int MaxDurationS,
    double? TargetDistanceM,
    (int AtS, int LengthS)? Stop,
    (int AtS, int LengthS)? Pause,
    (int AtS, int LengthS)? Offline,
    int HeartRateOffsetMs,
    int RestingHr,
    int MaxHr)
{
    /// <summary>Whether the racer keeps to the course; <see cref="Route"/> is the racer's own way when they do not.</summary>
    public RacerBehaviour Behaviour { get; init; } = RacerBehaviour.OnCourse;

    /// <summary>Course distance where the racer cuts the corner or leaves the course (0 on the course).</summary>
    public double DeviationAtM { get; init; }

    /// <summary>Metres the corner cut saves, or how far the racer goes out from the course (0 on the course).</summary>
    public double DeviationM { get; init; }
}
