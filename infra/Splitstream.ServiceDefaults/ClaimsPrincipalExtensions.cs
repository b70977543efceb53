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
}
