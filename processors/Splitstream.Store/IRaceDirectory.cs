namespace Splitstream.Store;

/// <summary>Race settings (table <c>races</c>, migration 4): who organises a race and whether its standings are private.</summary>
public interface IRaceDirectory
{
    Task<RaceRecord?> GetRaceAsync(string raceId, CancellationToken cancellationToken = default);

    /// <summary>Sets the privacy of a claimed race whoever organises it (admins); false when the race has no record.</summary>
    Task<bool> SetRacePrivacyAsync(string raceId, bool isPrivate, CancellationToken cancellationToken = default);
}
