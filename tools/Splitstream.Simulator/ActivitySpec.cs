using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>Everything decided about one simulated activity before it is played: who, where, how fast, what happens.</summary>
/// <param name="Index">Position in the scenario (0-based); the user is <c>{prefix}{Index + 1}</c>.</param>
/// <param name="StartMs">Activity start, epoch milliseconds of the simulated clock.</param>
/// <param name="BaseSpeedMps">Cruising speed on the flat.</param>
/// <param name="MaxDurationS">The activity stops at the latest after this many seconds.</param>
/// <param name="TargetDistanceM">Race course length: the racer stops on crossing it. Null for free activities.</param>
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
    int MaxHr);
