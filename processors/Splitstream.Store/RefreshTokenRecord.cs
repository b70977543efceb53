namespace Splitstream.Store;

/// <summary>A refresh token as stored: only its SHA-256 hash, whose user, until when. Used once: each use rotates it.</summary>
public sealed record RefreshTokenRecord(string TokenHash, string UserId, long ExpiresAtMs);
