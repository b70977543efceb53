using System.Net;
using System.Net.Sockets;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// Checks, before a host starts, that its listen addresses are free, so a port already in use is one line on stderr
/// and exit code <see cref="ExitInUse"/> instead of Kestrel's critical log with a stack trace.
/// </summary>
public static class ListenAddress
{
    public const int ExitOk = 0;

    /// <summary>The exit code of a process whose address is taken (EX_UNAVAILABLE would be 69; 2 is what scripts test for).</summary>
    public const int ExitInUse = 2;

    /// <summary>One line naming the first of <paramref name="urls"/> whose port is taken, or null when all are free.</summary>
    public static string? InUse(params string[] urls)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port == 0)
            {
                continue;
            }
            var address = uri.Host is "localhost" or "*" or "+" or "0.0.0.0" ? (uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Any)
                : IPAddress.TryParse(uri.Host, out var parsed) ? parsed : null;
            if (address is null)
            {
                continue;
            }
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As Kestrel binds: a port in TIME_WAIT after a previous run is free.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                socket.Bind(new IPEndPoint(address, uri.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                var why = e.SocketErrorCode == SocketError.AccessDenied ? "is not allowed for this user" : "is already in use";
                return $"error: {url}: port {uri.Port} {why} (another Splitstream running? choose another, e.g. AppHost__IngestUrl / AppHost__QueryUrl / --urls)";
            }
        }
        return null;
    }
}
