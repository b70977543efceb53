using System.Net;
using System.Net.Sockets;

namespace Splitstream.Testing;

/// <summary>
/// Loopback ports for servers that can't bind port 0 and report what they got (child processes told their URL up front,
/// PostgreSQL). A port picked here was free a moment ago but is released before the server binds it, and anything on
/// the machine (another test's listener, an outgoing connection's source port) may take it meanwhile: start such a
/// server through <see cref="StartAsync{T}"/>, which picks a fresh port and starts again when the port was taken.
/// </summary>
public static class LoopbackPorts
{
    private const int Attempts = 5;

    /// <summary>A port the operating system just handed out for 127.0.0.1 (and took back).</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Runs <paramref name="start"/> on a picked port; when it fails and <paramref name="wasTaken"/> says the port was
    /// taken, starts again on another (a few times). Any other failure is thrown as it is.
    /// </summary>
    public static async Task<T> StartAsync<T>(Func<int, Task<T>> start, Func<Exception, bool> wasTaken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Pick());
            }
            catch (Exception e) when (attempt < Attempts && wasTaken(e))
            {
                // Lost the port between picking and binding it: another one.
            }
        }
    }

    /// <summary>
    /// Whether a failure message names a bind on a port already in use: Kestrel, PostgreSQL and the kernel say "address
    /// already in use"; our hosts' own check before they start (ListenAddress) says "port N is already in use".
    /// </summary>
    public static bool MentionsPortInUse(string text) =>
        text.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || text.Contains(" is already in use", StringComparison.Ordinal);
}
