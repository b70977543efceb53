using System.Data.Common;
using Splitstream.Schemas.V1;

namespace Splitstream.Store;

/// <summary>The best efforts of <see cref="IPersonalBestStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IPersonalBestStore
{
    public async Task<IReadOnlyList<PersonalBestRecord>> GetPersonalBestsAsync(string userId, bool publicOnly, CancellationToken cancellationToken = default)
    {
        // One pass over the user's rows of best_efforts_by_user (user_id, sport, name, time_s): the first row per
        // (sport, name) is the best. Visibility is the activity list's rule (the activity's flag, else the user's).
        var visibility = publicOnly
            ? """
              JOIN activities a ON a.activity_id = b.activity_id
              LEFT JOIN users u ON u.user_id = b.user_id
              WHERE b.user_id = @user AND COALESCE(a.is_public, u.public_activities, FALSE) = TRUE
              """
            : "WHERE b.user_id = @user";
        var sql = $"""
            SELECT sport, name, distance_m, time_s, activity_id, started_at_ms FROM (
                SELECT b.sport, b.name, b.distance_m, b.time_s, b.activity_id, b.started_at_ms,
                       ROW_NUMBER() OVER (PARTITION BY b.sport, b.name ORDER BY b.time_s, b.started_at_ms, b.activity_id) AS rank
                FROM best_efforts b
                {visibility}
            ) ranked
            WHERE rank = 1
            ORDER BY sport, distance_m
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, ("user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bests = new List<PersonalBestRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bests.Add(new PersonalBestRecord(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetString(4), reader.GetInt64(5)));
        }
        return bests;
    }

    /// <summary>Replaces an activity's best efforts with its summary's, inside the summary upsert's transaction.</summary>
    private static async Task ReplaceBestEffortsAsync(TransactionCommands statements, ActivitySummary summary,
        CancellationToken cancellationToken)
    {
        await statements.ExecuteAsync("DELETE FROM best_efforts WHERE activity_id = @id", cancellationToken, ("id", summary.ActivityId));
        foreach (var effort in summary.BestEfforts)
        {
            await statements.ExecuteAsync("""
                INSERT INTO best_efforts (activity_id, user_id, sport, name, time_s, distance_m, started_at_ms)
                VALUES (@id, @user, @sport, @name, @time, @distance, @started)
                """, cancellationToken, ("id", summary.ActivityId), ("user", summary.UserId), ("sport", summary.Sport), ("name", effort.Name),
                ("time", effort.TimeS), ("distance", effort.DistanceM), ("started", summary.StartedAtMs));
        }
    }
}
