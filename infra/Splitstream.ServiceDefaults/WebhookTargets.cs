using System.Net;
using System.Net.Sockets;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// Which webhook targets are refused (SSRF): loopback, private (RFC 1918, IPv6 unique-local), link-local (incl. cloud
/// metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and broadcast addresses, unless
/// <c>Notifications:AllowPrivateTargets</c> is true. The URL is checked when a hook is created, and every resolved
/// address again when the deliverer connects (a name that resolves elsewhere later, DNS rebinding, is caught there).
/// </summary>
public static class WebhookTargets
{
    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || b[0] == 127
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }
        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC;
    }

    /// <summary>Why a webhook URL is refused, or null when it is acceptable: absolute http(s), no credentials, no refused literal address.</summary>
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "url must be an absolute http or https URL";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "url must use http or https";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry credentials";
        }
        if (url.Length > 2048)
        {
            return "url must be at most 2048 characters";
        }
        if (allowPrivate)
        {
            return null;
        }
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "url targets a loopback address (Notifications:AllowPrivateTargets is off)";
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && IsRefused(literal)
            ? "url targets a private, loopback or link-local address (Notifications:AllowPrivateTargets is off)"
            : null;
    }
}
