using Splitstream.Schemas.V1;

namespace Splitstream.QueryApi.Races;

// The JSON bodies of the race routes (snake_case on the wire): GET /v1/races/{race}/standings, the SSE events of
// /v1/races/{race}/live (the same body), and the race settings.

public sealed record RacerResponse(
    int Rank, string UserId, string ActivityId, double DistanceM, double ElapsedTimeS, DateTimeOffset LastSeen, long LastSeenMs,
    long LastSampleMs, bool Stale, bool Finished, bool Retired, string Status, double Lat, double Lon)
{
    public static RacerResponse From(RacerStanding r) => new(
        r.Rank, r.UserId, r.ActivityId, r.DistanceM, r.ElapsedTimeS, DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenMs), r.LastSeenMs,
        r.LastSampleMs, r.Stale, r.Finished, r.Retired, r.Status, r.Lat, r.Lon);
}

public sealed record StandingsResponse(string RaceId, DateTimeOffset GeneratedAt, long GeneratedAtMs, bool Live, IReadOnlyList<RacerResponse> Racers)
{
    public static StandingsResponse From(RaceStandings s) => new(
        s.RaceId, DateTimeOffset.FromUnixTimeMilliseconds(s.GeneratedAtMs), s.GeneratedAtMs, s.Live, [.. s.Racers.Select(RacerResponse.From)]);
}

public sealed record RaceSettingsRequest(bool? Private);

public sealed record RaceSettingsResponse(string RaceId, string OrganiserId, bool Private);
