namespace Splitstream.Store;

/// <summary>A device credential of a user: its tokens carry <c>device_id</c>; once revoked, they are refused.</summary>
public sealed record DeviceCredential(string DeviceId, string UserId, string Name, long CreatedAtMs, long? RevokedAtMs);
