using System.Data.Common;
using System.Text.Json;

namespace Splitstream.Store;

/// <summary>Races as objects (<see cref="IRaceStore"/>, migration 8), in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IRaceStore
{
    private const string RaceColumns = """
        race_id, organiser_id, name, sport, scheduled_start_ms, course, checkpoints, is_private, registration_open, created_at_ms, revision
        """;

    private static readonly JsonSerializerOptions CourseJson = new(JsonSerializerDefaults.Web);

    public async Task<bool> CreateRaceAsync(RaceDetails race, CancellationToken cancellationToken = default) =>
        // One statement: of two organisers creating the same id at once, exactly one wins; a claimed (pre-8) race blocks it too.
        await ExecuteWriteAsync($"""
            INSERT INTO races ({RaceColumns})
            VALUES (@r, @o, @n, @s, @start, @course, @checkpoints, @p, @open, @created, @rev)
            ON CONFLICT (race_id) DO NOTHING
            """, cancellationToken, ("r", race.RaceId), ("o", race.OrganiserId), ("n", race.Name), ("s", race.Sport),
            ("start", race.ScheduledStartMs), ("course", JsonSerializer.Serialize(race.Course, CourseJson)),
            ("checkpoints", JsonSerializer.Serialize(race.Checkpoints, CourseJson)), ("p", race.IsPrivate),
            ("open", race.RegistrationOpen), ("created", race.CreatedAtMs), ("rev", race.Revision)) > 0;

    public async Task<RaceDetails?> GetRaceDetailsAsync(string raceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {RaceColumns} FROM races WHERE race_id = @r AND course IS NOT NULL", ("r", raceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRace(reader) : null;
    }

    public async Task<bool> TransferRaceAsync(string raceId, string newOwnerId, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE races SET organiser_id = @o, revision = revision + 1 WHERE race_id = @r",
            cancellationToken, ("r", raceId), ("o", newOwnerId)) > 0;

    public async Task<IReadOnlyList<RaceDetails>> ListPublicRacesAsync(long fromMs, long toMs, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT {RaceColumns} FROM races
            WHERE course IS NOT NULL AND is_private = @false AND scheduled_start_ms >= @from AND scheduled_start_ms < @to
            ORDER BY scheduled_start_ms, race_id LIMIT @limit
            """, ("false", false), ("from", fromMs), ("to", toMs), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var races = new List<RaceDetails>();
        while (await reader.ReadAsync(cancellationToken))
        {
            races.Add(ReadRace(reader));
        }
        return races;
    }

    public async Task<ParticipantOutcome> AddParticipantAsync(
        string raceId, string userId, string? bib, long registeredAtMs, CancellationToken cancellationToken = default)
    {
        if (await GetRaceAsync(raceId, cancellationToken) is null)
        {
            return ParticipantOutcome.NoSuchRace;
        }
        // No conflict target: the primary key (race, user) and the unique bib per race both make it a no-op.
        var added = await ExecuteWriteAsync("""
            INSERT INTO race_participants (race_id, user_id, bib, registered_at_ms) VALUES (@r, @u, @b, @t)
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("r", raceId), ("u", userId), ("b", bib), ("t", registeredAtMs)) > 0;
        if (added)
        {
            return ParticipantOutcome.Added;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT bib FROM race_participants WHERE race_id = @r AND user_id = @u", ("r", raceId), ("u", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return ParticipantOutcome.BibTaken;
        }
        var stored = reader.IsDBNull(0) ? null : reader.GetString(0);
        return bib is null || bib == stored ? ParticipantOutcome.AlreadyRegistered : ParticipantOutcome.BibTaken;
    }

    public async Task<IReadOnlyList<RaceParticipant>> GetParticipantsAsync(string raceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT p.user_id, p.bib, u.display_name, COALESCE(u.public_activities, FALSE)
            FROM race_participants p LEFT JOIN users u ON u.user_id = p.user_id
            WHERE p.race_id = @r ORDER BY p.user_id
            """, ("r", raceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var participants = new List<RaceParticipant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            participants.Add(new RaceParticipant(raceId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3)));
        }
        return participants;
    }

    public async Task<bool> IsRegisteredAsync(string raceId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1 FROM race_participants WHERE race_id = @r AND user_id = @u", ("r", raceId), ("u", userId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static RaceDetails ReadRace(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
        JsonSerializer.Deserialize<CoursePoint[]>(reader.GetString(5), CourseJson) ?? [],
        JsonSerializer.Deserialize<RaceCheckpointRecord[]>(reader.GetString(6), CourseJson) ?? [],
        reader.GetBoolean(7), reader.GetBoolean(8), reader.GetInt64(9), reader.GetInt64(10));
}
