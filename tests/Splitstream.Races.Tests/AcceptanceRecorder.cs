using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Splitstream.Races.Tests;

/// <summary>
/// Sits between the simulator and the gateway and notes, for every sample batch the gateway accepted (202: Kafka has
/// acknowledged every record), when the answer came back and the newest GPS time in the batch. The answer arrives a
/// little after the acceptance itself, so delays measured from it err on the short side by one loopback response.
/// </summary>
internal sealed class AcceptanceRecorder() : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    public ConcurrentQueue<Acceptance> Accepted { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var body = request.Method == HttpMethod.Post && path.EndsWith("/samples", StringComparison.Ordinal) && request.Content is not null
            ? await request.Content.ReadAsStringAsync(cancellationToken)
            : null;
        var response = await base.SendAsync(request, cancellationToken);
        if (body is not null && response.StatusCode == HttpStatusCode.Accepted)
        {
            var at = Stopwatch.GetTimestamp();
            var activityId = path.Split('/')[3];
            using var json = JsonDocument.Parse(body);
            var newestGps = json.RootElement.GetProperty("samples").EnumerateArray()
                .Where(s => s.TryGetProperty("lat", out _))
                .Select(s => s.GetProperty("t").GetInt64())
                .DefaultIfEmpty(long.MinValue).Max();
            if (newestGps != long.MinValue)
            {
                Accepted.Enqueue(new Acceptance(activityId, newestGps, at));
            }
        }
        return response;
    }
}

/// <summary>A sample batch the gateway accepted: its activity, its newest GPS time, when the 202 came back (<see cref="Stopwatch"/> ticks).</summary>
internal sealed record Acceptance(string ActivityId, long NewestGpsMs, long AcceptedAt);
