namespace Splitstream.Store;

/// <summary>A user's profile: <see cref="PublicActivities"/> is the default visibility of their activities.</summary>
public sealed record UserProfile(string UserId, string DisplayName, bool PublicActivities);
