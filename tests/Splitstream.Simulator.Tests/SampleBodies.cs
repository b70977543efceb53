using System.Text.Json;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

/// <summary>Reads sample-batch bodies back, as the gateway would.</summary>
internal static class SampleBodies
{
    public static List<WireSample> Parse(string body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("samples").EnumerateArray().Select(s => new WireSample(
            s.GetProperty("t").GetInt64(),
            s.TryGetProperty("lat", out var lat) ? lat.GetDouble() : null,
            s.TryGetProperty("lon", out var lon) ? lon.GetDouble() : null,
            s.TryGetProperty("ele", out var ele) ? ele.GetDouble() : null,
            s.TryGetProperty("acc", out var acc) ? acc.GetDouble() : null,
            s.TryGetProperty("hr", out var hr) ? hr.GetInt32() : null))];
    }
}
