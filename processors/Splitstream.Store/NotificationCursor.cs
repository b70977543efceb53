namespace Splitstream.Store;

/// <summary>A keyset position in a user's inbox: entries strictly before (newest first) or after (SSE) it.</summary>
public sealed record NotificationCursor(long CreatedAtMs, string NotificationId);
