namespace Splitstream.Store;

/// <summary>
/// A race object (DESIGN §8): its owner (<see cref="OrganiserId"/>), the course line from start to finish, the
/// optional checkpoints, visibility and registration. <see cref="Revision"/> grows with every change, so consumers of
/// races.v1 keep the newest.
/// </summary>
public sealed record RaceDetails(
    string RaceId,
    string OrganiserId,
    string Name,
    string Sport,
    long ScheduledStartMs,
    IReadOnlyList<CoursePoint> Course,
    IReadOnlyList<RaceCheckpointRecord> Checkpoints,
    bool IsPrivate,
    bool RegistrationOpen,
    long CreatedAtMs,
    long Revision);
