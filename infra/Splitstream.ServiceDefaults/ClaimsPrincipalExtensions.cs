using System.Security.Claims;

namespace Splitstream.ServiceDefaults;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The token's <c>sub</c>: the user id.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(TokenService.SubjectClaim) ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("unauthenticated principal");

    /// <summary>The token's role; with several, the most privileged one (admin, organiser, analyst, athlete, device).</summary>
    public static string? Role(this ClaimsPrincipal user) =>
        new[] { Roles.Admin, Roles.Organiser, Roles.Analyst, Roles.Athlete, Roles.Device }.FirstOrDefault(user.IsInRole);

    /// <summary>The device credential a device token was issued for; null for other tokens (development tokens included).</summary>
    public static string? DeviceId(this ClaimsPrincipal user) => user.FindFirstValue(TokenService.DeviceIdClaim);

    /// <summary>The JWT claim that says when the token expires (JwtBearer keeps it on the principal as well).</summary>
    public const string ExpiresClaim = "exp";

    /// <summary>When the token behind this principal expires; null without one (anonymous) or without <c>exp</c>.</summary>
    public static DateTimeOffset? TokenExpires(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ExpiresClaim), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static bool IsAuthenticated(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
