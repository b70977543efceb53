using System.Diagnostics;

namespace Splitstream.Faults.Tests;

/// <summary>Records every attempt that passes through the devices' HTTP client in <see cref="DeviceAttempts"/>.</summary>
internal sealed class CountingHandler(DeviceAttempts attempts) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(10) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            attempts.Record(started, Stopwatch.GetElapsedTime(started), (int)response.StatusCode);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            attempts.Record(started, Stopwatch.GetElapsedTime(started), 0);
            throw;
        }
    }
}
