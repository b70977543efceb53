namespace Splitstream.Store;

/// <summary>An embedded-mode account (migration 7): login by user id or email, the Identity password hash, the role its tokens carry.</summary>
public sealed record Account(string UserId, string Email, string PasswordHash, string Role, long CreatedAtMs);
