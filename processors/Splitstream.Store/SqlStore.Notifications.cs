namespace Splitstream.Store;

/// <summary>The inbox and notification settings of <see cref="INotificationStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : INotificationStore
{
    private const string NotificationColumns =
        "notification_id, user_id, type, occurred_at_ms, period_key, payload, created_at_ms, read_at_ms";

    public async Task<int> AddNotificationsAsync(IReadOnlyList<NotificationRecord> notifications, CancellationToken cancellationToken = default)
    {
        if (notifications.Count == 0)
        {
            return 0;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(connection, $"""
            INSERT INTO notifications ({NotificationColumns}) VALUES (@id, @user, @type, @occurred, @period, @payload, @created, NULL)
            ON CONFLICT (notification_id) DO NOTHING
            """);
        insert.Transaction = transaction;
        var added = 0;
        foreach (var n in notifications)
        {
            SetParameters(insert, ("id", n.NotificationId), ("user", n.UserId), ("type", n.Type), ("occurred", n.OccurredAtMs),
                ("period", n.PeriodKey), ("payload", n.Payload), ("created", n.CreatedAtMs));
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public Task<IReadOnlyList<NotificationRecord>> ListNotificationsAsync(
        string userId, bool unreadOnly, int limit, NotificationCursor? before, CancellationToken cancellationToken = default) =>
        ReadNotificationsAsync($"""
            SELECT {NotificationColumns} FROM notifications
            WHERE user_id = @user {(unreadOnly ? "AND read_at_ms IS NULL" : "")}
              AND (created_at_ms, notification_id) < (@created, @id)
            ORDER BY created_at_ms DESC, notification_id DESC LIMIT @limit
            """, cancellationToken, ("user", userId), ("created", before?.CreatedAtMs ?? long.MaxValue), ("id", before?.NotificationId ?? ""),
            ("limit", limit));

    public Task<IReadOnlyList<NotificationRecord>> NotificationsAfterAsync(
        string userId, NotificationCursor after, int limit, CancellationToken cancellationToken = default) =>
        ReadNotificationsAsync($"""
            SELECT {NotificationColumns} FROM notifications
            WHERE user_id = @user AND (created_at_ms, notification_id) > (@created, @id)
            ORDER BY created_at_ms, notification_id LIMIT @limit
            """, cancellationToken, ("user", userId), ("created", after.CreatedAtMs), ("id", after.NotificationId), ("limit", limit));

    public async Task<bool> MarkNotificationReadAsync(string userId, string notificationId, long nowMs, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("""
            UPDATE notifications SET read_at_ms = COALESCE(read_at_ms, @now) WHERE user_id = @user AND notification_id = @id
            """, cancellationToken, ("user", userId), ("id", notificationId), ("now", nowMs)) > 0;

    public async Task<NotificationSettingsRecord?> GetNotificationSettingsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT time_zone, inactivity_days, goal_at_risk_percent, weekly_summary, revision FROM notification_settings WHERE user_id = @user
            """, ("user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new NotificationSettingsRecord(userId, reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetBoolean(3), reader.GetInt64(4))
            : null;
    }

    public async Task<NotificationSettingsRecord> SaveNotificationSettingsAsync(NotificationSettingsRecord settings, CancellationToken cancellationToken = default)
    {
        // One statement: two concurrent saves get different revisions, so the topology keeps the later one.
        await ExecuteWriteAsync("""
            INSERT INTO notification_settings (user_id, time_zone, inactivity_days, goal_at_risk_percent, weekly_summary, revision)
            VALUES (@user, @zone, @days, @percent, @weekly, 1)
            ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, inactivity_days = excluded.inactivity_days,
                goal_at_risk_percent = excluded.goal_at_risk_percent, weekly_summary = excluded.weekly_summary,
                revision = notification_settings.revision + 1
            """, cancellationToken, ("user", settings.UserId), ("zone", settings.TimeZone), ("days", settings.InactivityDays),
            ("percent", settings.GoalAtRiskPercent), ("weekly", settings.WeeklySummary));
        return await GetNotificationSettingsAsync(settings.UserId, cancellationToken)
            ?? throw new InvalidOperationException($"settings of {settings.UserId} vanished after their save");
    }

    private Task<IReadOnlyList<NotificationRecord>> ReadNotificationsAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadRowsAsync(sql, r => new NotificationRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
            r.GetInt64(6), r.IsDBNull(7) ? null : r.GetInt64(7)), cancellationToken, parameters);
}
