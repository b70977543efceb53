using System.Collections.Concurrent;
using System.Text.Json;

namespace Splitstream.Races.Tests;

/// <summary>
/// Follows one race's SSE stream from the query API in the background, keeping every event's arrival time and what
/// each racer's standing was up to (newest sample time), and the latest standings.
/// </summary>
internal sealed class RaceWatcher : IAsyncDisposable
{
    private readonly SseClient sse;
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private RaceWatcher(string raceId, SseClient sse)
    {
        RaceId = raceId;
        this.sse = sse;
        reading = Task.Run(ReadAsync);
    }

    public string RaceId { get; }

    public ConcurrentQueue<(long ArrivedAt, Dictionary<string, long> LastSamples)> Events { get; } = new();

    public JsonElement? Latest { get; private set; }

    public static async Task<RaceWatcher> StartAsync(HttpClient http, string raceId, string token) =>
        new(raceId, await SseClient.ConnectAsync(http, $"/v1/races/{Uri.EscapeDataString(raceId)}/live?access_token={token}"));

    /// <summary>
    /// The race is over as the stream last showed it: no longer live, with all <paramref name="racers"/> in it and every
    /// one of their devices stopped (finished or not).
    /// </summary>
    public bool Ended(int racers) =>
        Latest is { } s && !s.GetProperty("live").GetBoolean() && s.GetProperty("racers").GetArrayLength() == racers
        && s.GetProperty("racers").EnumerateArray().All(r => r.GetProperty("status").GetString() == "finished");

    /// <summary>When the stream first showed the activity at or past <paramref name="sampleMs"/>.</summary>
    public long? FirstShown(string activityId, long sampleMs) =>
        Events.FirstOrDefault(e => e.LastSamples.GetValueOrDefault(activityId, long.MinValue) >= sampleMs) is { ArrivedAt: > 0 } e ? e.ArrivedAt : null;

    private async Task ReadAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            SseEvent next;
            try
            {
                next = await sse.NextAsync(TimeSpan.FromSeconds(60), stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            var json = next.Json;
            Latest = json;
            Events.Enqueue((next.ArrivedAt, json.GetProperty("racers").EnumerateArray()
                .ToDictionary(r => r.GetProperty("activity_id").GetString()!, r => r.GetProperty("last_sample_ms").GetInt64())));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sse.DisposeAsync();
        try
        {
            await reading;
        }
        catch (Exception)
        {
            // The stream was cut under the reader: that is how it stops.
        }
        stop.Dispose();
    }
}
