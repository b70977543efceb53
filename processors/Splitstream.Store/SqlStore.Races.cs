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

    public async Task<bool> SetRacePrivacyAsync(string raceId, bool isPrivate, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE races SET is_private = @p WHERE race_id = @r", cancellationToken, ("r", raceId), ("p", isPrivate)) > 0;
}
