namespace Splitstream.Store;

/// <summary>The notification inbox and notification settings (migration 9, DESIGN §9).</summary>
public interface INotificationStore
{
    /// <summary>Adds inbox entries; an entry whose id exists already is left as it is (read marks survive a replay).</summary>
    Task<int> AddNotificationsAsync(IReadOnlyList<NotificationRecord> notifications, CancellationToken cancellationToken = default);

    /// <summary>A user's notifications, newest first, strictly before <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<NotificationRecord>> ListNotificationsAsync(
        string userId, bool unreadOnly, int limit, NotificationCursor? before, CancellationToken cancellationToken = default);

    /// <summary>A user's notifications stored after <paramref name="after"/>, oldest first (the live stream).</summary>
    Task<IReadOnlyList<NotificationRecord>> NotificationsAfterAsync(
        string userId, NotificationCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks a notification read (the first read time stays); false when the user has no such notification.</summary>
    Task<bool> MarkNotificationReadAsync(string userId, string notificationId, long nowMs, CancellationToken cancellationToken = default);

    Task<NotificationSettingsRecord?> GetNotificationSettingsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Saves a user's settings with the next revision and returns them as stored.</summary>
    Task<NotificationSettingsRecord> SaveNotificationSettingsAsync(NotificationSettingsRecord settings, CancellationToken cancellationToken = default);
}
