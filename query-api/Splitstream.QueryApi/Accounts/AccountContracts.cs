namespace Splitstream.QueryApi.Accounts;

// The JSON bodies of the account routes (DESIGN §7; snake_case on the wire). Kept together: they are one contract.

public sealed record SignUpRequest(string? UserId, string? Email, string? DisplayName, string? Password);

public sealed record AccountResponse(string UserId, string Email, string DisplayName, string Role);

/// <summary>OAuth 2.0 token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public sealed record DeviceRequest(string? Name);

public sealed record DeviceResponse(string DeviceId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new device credential: <see cref="Token"/> is shown once, here.</summary>
public sealed record DeviceCreatedResponse(string DeviceId, string Name, DateTimeOffset CreatedAt, string Token, DateTimeOffset ExpiresAt);

public sealed record DeviceListResponse(string UserId, IReadOnlyList<DeviceResponse> Devices);

public sealed record ProfileRequest(string? DisplayName, string? Visibility, string? Country, double? WeightKg, int? MaxHr);

public sealed record ProfileResponse(string UserId, string DisplayName, string Visibility, string? Country, double? WeightKg, int? MaxHr);

public sealed record FriendRequest(string? FriendId);

public sealed record FriendshipResponse(string UserId, string FriendId, string Status);
