using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace Splitstream.QueryApi.Notifications;

/// <summary>
/// When the request's (already validated) token expires: the <c>exp</c> claim when the authentication handler kept it,
/// else the <c>exp</c> of the bearer JWT itself. A live stream ends then, so a stream never outlives its authorization.
/// </summary>
public static class TokenExpiry
{
    public static DateTimeOffset? Of(ClaimsPrincipal user, HttpRequest request)
    {
        if (long.TryParse(user.FindFirstValue("exp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var claim))
        {
            return DateTimeOffset.FromUnixTimeSeconds(claim);
        }
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : request.Query["access_token"].ToString();
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
