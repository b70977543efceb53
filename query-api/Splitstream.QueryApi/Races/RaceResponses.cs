using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

// The JSON bodies of the race routes (snake_case on the wire): GET /v1/races/{race}/standings, the SSE events of
// /v1/races/{race}/live (the same body), the race objects, results and settings.

public sealed record CheckpointResponse(string Name, double TimeS);

public sealed record RacerResponse(
    int Rank, string? UserId, string? ActivityId, string? DisplayName, string? Bib, bool Masked, double DistanceM, double ElapsedTimeS,
    DateTimeOffset LastSeen, long LastSeenMs, long LastSampleMs, bool Stale, bool Finished, bool Retired, string Status, double? Lat, double? Lon,
    double CourseDistanceM, double? FinishTimeS, double GapS, double EtaS, bool OffCourse, double PaceSPerKm, IReadOnlyList<CheckpointResponse> Checkpoints)
{
    /// <summary>Everything: for the race's managers and the racer themself.</summary>
    public static RacerResponse Full(RacerStanding r, RaceParticipant? participant) => new(
        r.Rank, r.UserId, r.ActivityId, participant?.DisplayName ?? r.UserId, participant?.Bib, false, r.DistanceM, r.ElapsedTimeS,
        DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenMs), r.LastSeenMs, r.LastSampleMs, r.Stale, r.Finished, r.Retired, r.Status, r.Lat, r.Lon,
        r.CourseDistanceM, r.Finished && r.FinishTimeS > 0 ? r.FinishTimeS : null, r.GapS, r.EtaS, r.OffCourse, r.PaceSPerKm,
        [.. r.Checkpoints.Select(c => new CheckpointResponse(c.Name, c.TimeS))]);

    /// <summary>A consenting racer to anyone else: display name and bib, positions, no user or activity id.</summary>
    public static RacerResponse Shown(RacerStanding r, RaceParticipant participant) =>
        Full(r, participant) with { UserId = null, ActivityId = null, DisplayName = participant.DisplayName ?? "Racer " + participant.Bib };

    /// <summary>Neither ids, name, bib nor positions: where they rank and how far along they are.</summary>
    public static RacerResponse Hidden(RacerStanding r) =>
        Full(r, null) with { UserId = null, ActivityId = null, DisplayName = null, Bib = null, Masked = true, Lat = null, Lon = null };
}

public sealed record StandingsResponse(
    string RaceId, DateTimeOffset GeneratedAt, long GeneratedAtMs, bool Live, double CourseLengthM, IReadOnlyList<RacerResponse> Racers);

public sealed record RaceSettingsRequest(bool? Private);

public sealed record RaceSettingsResponse(string RaceId, string OrganiserId, bool Private);

public sealed record CheckpointRequest(string? Name, double? Lat, double? Lon);

public sealed record CreateRaceRequest(
    string? RaceId, string? Name, string? Sport, DateTimeOffset? ScheduledStart, string? CourseGpx, string? CoursePolyline,
    IReadOnlyList<CheckpointRequest>? Checkpoints, string? Visibility, string? Registration);

public sealed record TransferRaceRequest(string? UserId);

public sealed record ParticipantRequest(string? UserId, string? Bib);

public sealed record ParticipantResponse(string RaceId, string UserId, string? Bib);

public sealed record RaceCheckpointResponse(string Name, double Lat, double Lon);

public sealed record RaceResponse(
    string RaceId, string OrganiserId, string Name, string Sport, DateTimeOffset ScheduledStart, string CoursePolyline, double CourseLengthM,
    IReadOnlyList<RaceCheckpointResponse> Checkpoints, string Visibility, string Registration)
{
    public static RaceResponse From(RaceDetails race) => new(
        race.RaceId, race.OrganiserId, race.Name, race.Sport, DateTimeOffset.FromUnixTimeMilliseconds(race.ScheduledStartMs),
        Geo.PolylineEncoder.Encode(race.Course.Select(p => (p.Lat, p.Lon))), CourseParser.LengthM(race.Course),
        [.. race.Checkpoints.Select(c => new RaceCheckpointResponse(c.Name, c.Lat, c.Lon))], race.IsPrivate ? "private" : "public",
        race.RegistrationOpen ? "open" : "closed");
}

public sealed record RaceListResponse(IReadOnlyList<RaceResponse> Races);

public sealed record RaceResultRow(
    int? Rank, string? UserId, string? DisplayName, string? Bib, bool Masked, string Result, double? FinishTimeS, double CourseDistanceM,
    IReadOnlyList<CheckpointResponse> Checkpoints);

public sealed record RaceResultsResponse(string RaceId, DateTimeOffset GeneratedAt, double CourseLengthM, IReadOnlyList<RaceResultRow> Results);
