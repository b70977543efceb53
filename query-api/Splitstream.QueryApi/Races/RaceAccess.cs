using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// What one viewer sees of one race's racers (DESIGN §8). The race's managers (its organiser, admins) and each racer
/// for their own row see everything. Anyone else sees a registered racer by display name and bib, with positions,
/// when the racer consented: registering for a public race is consent to appear in it, and a public profile is
/// consent anywhere. Everything else is masked: rank and times only, no ids, no name, never a position.
/// </summary>
public sealed class RaceAccess(RaceRecord? race, IReadOnlyDictionary<string, RaceParticipant> participants, string? viewerId, bool manager)
{
    public RaceRecord? Race { get; } = race;

    public bool IsManager { get; } = manager;

    public string? ViewerId { get; } = viewerId;

    public IReadOnlyDictionary<string, RaceParticipant> Participants { get; } = participants;

    public RacerResponse Present(RacerStanding standing)
    {
        var participant = Participants.GetValueOrDefault(standing.UserId);
        if (IsManager || (ViewerId is not null && ViewerId == standing.UserId))
        {
            return RacerResponse.Full(standing, participant);
        }
        var consented = participant is not null && (Race is { IsPrivate: false } || participant.PublicProfile);
        return consented ? RacerResponse.Shown(standing, participant!) : RacerResponse.Hidden(standing);
    }

    public StandingsResponse Present(RaceStandings standings) => new(
        standings.RaceId, DateTimeOffset.FromUnixTimeMilliseconds(standings.GeneratedAtMs), standings.GeneratedAtMs, standings.Live,
        standings.CourseLengthM, [.. standings.Racers.Select(Present)]);
}
