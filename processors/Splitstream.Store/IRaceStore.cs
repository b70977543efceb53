namespace Splitstream.Store;

/// <summary>
/// Races as first-class objects (DESIGN §8, migration 8): the race with its course, its owner, its participants. The
/// older <see cref="IRaceDirectory"/> reads the same <c>races</c> rows (owner and privacy) for the standings' privacy.
/// </summary>
public interface IRaceStore
{
    /// <summary>Creates the race; false (nothing written) when its id is already taken, by any race.</summary>
    Task<bool> CreateRaceAsync(RaceDetails race, CancellationToken cancellationToken = default);

    /// <summary>The race object; null when there is none (or only a pre-migration-8 claim without a course).</summary>
    Task<RaceDetails?> GetRaceDetailsAsync(string raceId, CancellationToken cancellationToken = default);

    /// <summary>Gives the race to another organiser; bumps its revision. False when the race does not exist.</summary>
    Task<bool> TransferRaceAsync(string raceId, string newOwnerId, CancellationToken cancellationToken = default);

    /// <summary>Public races whose scheduled start lies in [<paramref name="fromMs"/>, <paramref name="toMs"/>), by start.</summary>
    Task<IReadOnlyList<RaceDetails>> ListPublicRacesAsync(long fromMs, long toMs, int limit, CancellationToken cancellationToken = default);

    /// <summary>Registers a user (idempotent for the same bib); a bib another participant holds is refused.</summary>
    Task<ParticipantOutcome> AddParticipantAsync(string raceId, string userId, string? bib, long registeredAtMs, CancellationToken cancellationToken = default);

    /// <summary>The participants with their display name and whether their activities are public (their profile's visibility).</summary>
    Task<IReadOnlyList<RaceParticipant>> GetParticipantsAsync(string raceId, CancellationToken cancellationToken = default);

    Task<bool> IsRegisteredAsync(string raceId, string userId, CancellationToken cancellationToken = default);
}
