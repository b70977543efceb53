using Microsoft.IdentityModel.Tokens;

namespace Splitstream.ServiceDefaults;

/// <summary>A well-signed device token whose credential was revoked (DELETE /v1/users/{id}/devices/{device_id}).</summary>
public sealed class SecurityTokenRevokedException(string message) : SecurityTokenValidationException(message);
