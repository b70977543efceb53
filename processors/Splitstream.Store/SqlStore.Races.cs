namespace Splitstream.Store;

/// <summary>The race settings of <see cref="IRaceDirectory"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore
{
    public async Task<RaceRecord?> GetRaceAsync(string raceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT organiser_id, is_private FROM races WHERE race_id = @r", ("r", raceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new RaceRecord(raceId, reader.GetString(0), reader.GetBoolean(1)) : null;
    }

    public async Task<RaceRecord> ClaimRaceAsync(string raceId, string organiserId, bool isPrivate, CancellationToken cancellationToken = default)
    {
        // One statement: two organisers claiming at once cannot both win.
        await ExecuteWriteAsync("""
            INSERT INTO races (race_id, organiser_id, is_private) VALUES (@r, @o, @p)
            ON CONFLICT (race_id) DO UPDATE SET is_private = excluded.is_private WHERE races.organiser_id = excluded.organiser_id
            """, cancellationToken, ("r", raceId), ("o", organiserId), ("p", isPrivate));
        return await GetRaceAsync(raceId, cancellationToken) ?? throw new InvalidOperationException($"race {raceId} vanished after its claim");
    }

    public async Task<bool> SetRacePrivacyAsync(string raceId, bool isPrivate, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE races SET is_private = @p WHERE race_id = @r", cancellationToken, ("r", raceId), ("p", isPrivate)) > 0;
}
