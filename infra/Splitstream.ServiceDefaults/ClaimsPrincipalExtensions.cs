using System.Security.Claims;

namespace Splitstream.ServiceDefaults;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The token's <c>sub</c>: the user id.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("unauthenticated principal");

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(BearerTokenHandler.RoleClaim);
}
